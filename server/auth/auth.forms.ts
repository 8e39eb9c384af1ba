import { z } from 'zod';
import { PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS } from './password.js';
import { emailAddress, personName, singleLineText } from '../shared/single-line.js';
import { ROLES } from './roles.js';

export const EMAIL_MAX_CHARS = 100;
export const NAME_MAX_CHARS = 245;
export const LOGIN_FORM_FIELDS = ['email', 'password', 'next'] as const;
export const ROLE_FORM_FIELDS = ['role'] as const;

// Sign-in accepts any address-looking text: it must not say which addresses are well-formed accounts.
export const loginFormSchema = z.object({
  email: singleLineText('Email').pipe(z.string().min(1, 'Please enter your email address').max(254, 'That is too long for an email address')),
  password: z.string().min(1, 'Please enter your password').max(PASSWORD_MAX_CHARS, 'That is too long for a password'),
  next: z.string().max(500),
});

export const roleFormSchema = z.object({
  role: z.enum(ROLES, 'Choose admin, moderator or author'),
});

/** The fields `npm run user:create` takes. */
export const newUserSchema = z.object({
  email: emailAddress('Please give an email address').pipe(z.string().max(EMAIL_MAX_CHARS).pipe(z.email('Please give a valid email address'))),
  name: personName('The name', 'Please give a name').pipe(z.string().max(NAME_MAX_CHARS)),
  role: z.enum(ROLES, 'Role must be admin, moderator or author'),
  password: z
    .string()
    .min(PASSWORD_MIN_CHARS, `Passwords need at least ${PASSWORD_MIN_CHARS} characters`)
    .max(PASSWORD_MAX_CHARS, `Passwords can have at most ${PASSWORD_MAX_CHARS} characters`),
});
