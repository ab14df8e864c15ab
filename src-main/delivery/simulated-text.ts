import { pick, type Random } from './random';
import { countTextTokens } from './tokens';

/**
 * Plausible English for the simulated model: templated sentences from a small vocabulary, with slots
 * filled by the prompt's own words so an answer reads as related to the question. Deterministic for a
 * given generator state.
 */

const STOPWORDS = new Set(
  (
    'about above after again against because been before being below between both could does doing down ' +
    'during each from further have having here hers herself himself into itself just more most myself ' +
    'once only other ourselves over own same should some such than that their theirs them themselves then ' +
    'there these they this those through under until very what when where which while whom will with ' +
    'would your yours yourself yourselves please tell explain give show write make know want need like ' +
    'also many much well really thing things'
  ).split(' '),
);

const NOUNS = (
  'latency throughput cost quality context budget workload design approach result trade-off ' +
  'system process baseline benchmark schedule signal model pattern detail constraint goal ' +
  'outcome measure'
).split(' ');
const ADJECTIVES = (
  'simple reliable careful consistent practical clear small steady robust predictable useful ' +
  'explicit gradual efficient'
).split(' ');
const VERBS = 'shapes affects improves limits changes supports drives reflects balances clarifies'.split(' ');

const OPENINGS = [
  'Here is a short answer about {k}.',
  'Good question about {k}.',
  'Let us look at {k} step by step.',
  'There are a few things to know about {k}.',
];
const SENTENCES = [
  '{K} is mostly a question of {n} and {n}.',
  'In practice, {k} {v} the {a} {n} more than people expect.',
  'A good first step is to look at how {k} relates to {k2}.',
  'Most teams find that a {a} {n} matters more than a {a} {n}.',
  'The short version: {k} works best when the {n} is {a}.',
  'It also helps to measure the {n} before changing {k}.',
  'If {k} is {a}, the {n} usually follows.',
  'One caveat is that {k2} can change the {n} over time.',
  'A {a} {n} {v} how {k} behaves under load.',
  'Keep the {n} {a}, and {k} becomes easier to reason about.',
];
const CLOSINGS = [
  'In short, keep {k} {a} and watch the {n}.',
  'To sum up, {k} rewards a {a} {n}.',
  'That should be a solid starting point for {k}.',
];

/** Distinct content words of a prompt, in order of appearance (at most `limit`). */
export function keywordsOf(text: string, limit = 8): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const match of text.matchAll(/[A-Za-z][A-Za-z'-]{3,}/g)) {
    const word = match[0].toLowerCase();
    if (STOPWORDS.has(word) || seen.has(word)) continue;
    seen.add(word);
    words.push(word);
    if (words.length >= limit) break;
  }
  return words;
}

/** Words for strings in tool arguments: the prompt's keywords, or generic nouns when it has none. */
export function argumentWords(prompt: string): string[] {
  const keywords = keywordsOf(prompt);
  return keywords.length > 0 ? keywords : NOUNS.slice(0, 6);
}

/** An answer of whole sentences, at least `targetTokens` long (one sentence past it at most). */
export function generateAnswer(prompt: string, random: Random, targetTokens: number): string {
  const keywords = keywordsOf(prompt);
  if (keywords.length === 0) keywords.push('this topic');
  const fill = (template: string): string => {
    const k = pick(random, keywords);
    const k2 =
      keywords.length > 1
        ? pick(
            random,
            keywords.filter((w) => w !== k),
          )
        : pick(random, NOUNS);
    return template
      .replace('{K}', capitalise(k))
      .replace(/\{k\}/g, k)
      .replace('{k2}', k2)
      .replace(/\{n\}/g, () => pick(random, NOUNS))
      .replace(/\{a\}/g, () => pick(random, ADJECTIVES))
      .replace(/\{v\}/g, () => pick(random, VERBS));
  };
  const sentences = [fill(pick(random, OPENINGS))];
  let tokens = countTextTokens(sentences[0] ?? '');
  const closingBudget = 12;
  while (tokens + closingBudget < targetTokens) {
    const sentence = fill(pick(random, SENTENCES));
    sentences.push(sentence);
    tokens += countTextTokens(sentence) + 1;
  }
  sentences.push(fill(pick(random, CLOSINGS)));
  return sentences.join(' ');
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
