// The comment columns' limits, in UTF-8 bytes (the same as WordPress's): every form that writes those columns checks them.
export const NAME_MAX_BYTES = 245;
export const EMAIL_MAX_BYTES = 100;
export const URL_MAX_BYTES = 200;
export const BODY_MAX_BYTES = 65_525;
