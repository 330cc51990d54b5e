/** A message the page leads with when something went wrong; screen readers announce it. */
export function Alert({ text }: { text?: string | undefined }) {
  return text ? (
    <p class="alert" role="alert">
      {text}
    </p>
  ) : null;
}
