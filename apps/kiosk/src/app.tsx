/** The kiosk (placeholder until step 2). */
import { LangToggle } from '@studyspot/app-kit';

export function App() {
  return (
    <main>
      <h1>StudySpot kiosk</h1>
      <LangToggle />
    </main>
  );
}
