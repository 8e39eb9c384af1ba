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

const emailField = emailAddress('Please give an email address').pipe(
  z.string().max(EMAIL_MAX_CHARS, 'That is too long for an email address').pipe(z.email('Please give a valid email address')),
);
const nameField = personName('The name', 'Please give a name').pipe(z.string().max(NAME_MAX_CHARS, 'That name is too long'));
const newPassword = z
  .string()
  .min(PASSWORD_MIN_CHARS, `Passwords need at least ${PASSWORD_MIN_CHARS} characters`)
  .max(PASSWORD_MAX_CHARS, `Passwords can have at most ${PASSWORD_MAX_CHARS} characters`);
const currentPassword = z.string().min(1, 'Please enter your current password').max(PASSWORD_MAX_CHARS, 'That is too long for a password');

export const INVITE_FORM_FIELDS = ['name', 'email', 'role'] as const;
/** An admin's invitation: who, and in which role. */
export const inviteFormSchema = z.object({ name: nameField, email: emailField, role: z.enum(ROLES, 'Choose admin, moderator or author') });

export const PROFILE_FORM_FIELDS = ['name', 'email', 'currentPassword'] as const;
/** One's own name and email, confirmed with the current password. */
export const profileFormSchema = z.object({ name: nameField, email: emailField, currentPassword });

export const PASSWORD_FORM_FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;
/** One's own new password, with the current one. */
export const passwordFormSchema = z
  .object({ currentPassword, newPassword, confirmPassword: z.string().max(PASSWORD_MAX_CHARS) })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The two new passwords differ' });

export const SET_PASSWORD_FORM_FIELDS = ['newPassword', 'confirmPassword'] as const;
/** A new password set through a one-time link. */
export const setPasswordFormSchema = z
  .object({ newPassword, confirmPassword: z.string().max(PASSWORD_MAX_CHARS) })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The two passwords differ' });
