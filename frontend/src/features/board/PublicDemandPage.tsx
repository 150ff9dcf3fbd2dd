// Placeholder until this screen lands; replaced in the same change that adds it.
export function PublicDemandPage() {
  return null;
}
