import { z } from 'zod';

// The page's CSP forbids eval: keep zod from probing `new Function` and compiling validators.
z.config({ jitless: true });
