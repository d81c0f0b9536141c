/** The sentence for a bare error code (a rule's refusal, a request's rejection reason), via the kit's table. */
import { ApiError, errorText, type Lang } from '@studyspot/app-kit';

export function codeText(code: string, lang: Lang): string {
  return errorText(new ApiError(code, code, 0), lang);
}
