/**
 * The seam for the owner/admin half (built in src/cloud/ by its own engineer): this default export
 * is what main.tsx loads under /admin/. Replace the body with the cloud app's root component.
 */
export function CloudHome() {
  return (
    <main className="stack" style={{ padding: 16 }}>
      <h1>StudySpot admin</h1>
      <p className="muted">The owner and admin portal is not built yet.</p>
    </main>
  );
}
