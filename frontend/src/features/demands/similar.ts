// The similar-demand lookup reads a draft from the URL: the API takes only the start of a
// description (`description` maxLength in openapi.yaml), enough to compare two needs.
const DRAFT_DESCRIPTION_CHARS = 300;

/** The part of a description the lookup compares, cut by characters, not UTF-16 units. */
export function draftDescription(text: string): string | undefined {
  const start = [...text].slice(0, DRAFT_DESCRIPTION_CHARS).join('');
  return start || undefined;
}
