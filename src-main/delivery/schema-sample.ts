import { pick, randomInt, type Random } from './random';

/**
 * A value that satisfies a JSON Schema, for the simulated model's tool calls and JSON answers. Covers
 * what function parameters use in practice (object, array, string with enum/format, number, integer,
 * boolean, null, const, anyOf/oneOf); strings reuse words of the prompt so arguments look related.
 */
export function sampleForSchema(
  schema: unknown,
  random: Random,
  words: readonly string[],
  depth = 0,
): unknown {
  if (typeof schema !== 'object' || schema === null || depth > 6) return phrase(random, words);
  const s = schema as Record<string, unknown>;
  if ('const' in s) return s['const'];
  if (Array.isArray(s['enum']) && s['enum'].length > 0) return pick(random, s['enum']);
  const variants = (s['anyOf'] ?? s['oneOf']) as unknown;
  if (Array.isArray(variants) && variants.length > 0) {
    return sampleForSchema(variants[0], random, words, depth + 1);
  }
  let type = s['type'];
  if (Array.isArray(type)) type = type.find((t) => t !== 'null') ?? type[0];
  if (type === undefined && typeof s['properties'] === 'object') type = 'object';
  switch (type) {
    case 'object':
      return sampleObject(s, random, words, depth);
    case 'array': {
      const min = typeof s['minItems'] === 'number' ? s['minItems'] : 1;
      const count = Math.max(min, 1);
      return Array.from({ length: count }, () => sampleForSchema(s['items'], random, words, depth + 1));
    }
    case 'integer':
    case 'number': {
      const min = typeof s['minimum'] === 'number' ? s['minimum'] : 1;
      const max = typeof s['maximum'] === 'number' ? s['maximum'] : Math.max(min, 100);
      const value = randomInt(random, Math.ceil(min), Math.floor(max));
      return Number.isFinite(value) ? value : min;
    }
    case 'boolean':
      return random() < 0.5;
    case 'null':
      return null;
    default:
      return sampleString(s, random, words);
  }
}

function sampleObject(
  schema: Record<string, unknown>,
  random: Random,
  words: readonly string[],
  depth: number,
): Record<string, unknown> {
  const properties = (schema['properties'] ?? {}) as Record<string, unknown>;
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [name, propertySchema] of Object.entries(properties)) {
    // Required properties always, optional ones now and then, like a real model.
    if (required.has(name) || random() < 0.3)
      out[name] = sampleForSchema(propertySchema, random, words, depth + 1);
  }
  return out;
}

function sampleString(schema: Record<string, unknown>, random: Random, words: readonly string[]): string {
  switch (schema['format']) {
    case 'date':
      return '2025-01-15';
    case 'date-time':
      return '2025-01-15T12:00:00Z';
    case 'email':
      return 'someone@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/';
  }
  const text = phrase(random, words);
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity;
  return text.length > max ? text.slice(0, max) : text;
}

function phrase(random: Random, words: readonly string[]): string {
  const count = randomInt(random, 1, 3);
  const chosen: string[] = [];
  for (let i = 0; i < count; i++) chosen.push(pick(random, words));
  return chosen.join(' ');
}
