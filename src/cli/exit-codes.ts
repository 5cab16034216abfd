/** ESLint's meanings, which CI users already know. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE_OR_INPUT_ERROR = 2;
