/** A failure the app expects and knows how to show: it carries its HTTP status and a stable code. */
export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFound extends AppError {
  constructor(message = 'Not found') {
    super(message, 404, 'not_found');
  }
}

export class BadRequest extends AppError {
  constructor(message = 'Bad request') {
    super(message, 400, 'bad_request');
  }
}

export class Forbidden extends AppError {
  constructor(message = 'Forbidden') {
    super(message, 403, 'forbidden');
  }
}

export class Conflict extends AppError {
  constructor(message = 'Conflict') {
    super(message, 409, 'conflict');
  }
}

/** A form that failed validation: field name -> message, plus the values to put back. */
export class FormInvalid extends AppError {
  constructor(
    readonly fields: Record<string, string>,
    readonly values: Record<string, string> = {},
    message = 'Please correct the highlighted fields',
  ) {
    super(message, 422, 'form_invalid');
  }
}
