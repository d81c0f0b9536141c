/** The staff dashboard (placeholder until step 3). */
import { LangToggle } from '@studyspot/app-kit';

export function HubHome() {
  return (
    <main>
      <h1>StudySpot staff dashboard</h1>
      <LangToggle />
    </main>
  );
}
