import type { FastifySchemaValidationError } from 'fastify';

export interface FieldProblem {
  field: string;
  rule: string;
}

const PART_NAMES: Record<string, string> = {
  body: 'cuerpo de la solicitud',
  querystring: 'parámetros de consulta',
  params: 'parámetros de la ruta',
  headers: 'encabezados',
};

const TYPE_NAMES: Record<string, string> = {
  string: 'texto',
  integer: 'un número entero',
  number: 'un número',
  boolean: 'verdadero o falso',
  object: 'un objeto',
  array: 'una lista',
  null: 'nulo',
};

/**
 * Turns schema-validation errors into one Spanish sentence (the first problem, which is what a
 * person fixes first) plus the list of all problems for programs.
 */
export function describeValidationErrors(
  errors: FastifySchemaValidationError[],
  context: string | undefined,
): { message: string; fields: FieldProblem[] } {
  const problems = errors.filter((e) => (e.keyword !== 'boolean' && e.keyword !== 'anyOf') || errors.length === 1);
  const fields = problems.flatMap(problemFields);
  const first = problems[0] ?? errors[0];
  const message = first ? sentenceFor(first, context) : 'La solicitud no es válida.';
  return { message, fields };
}

function problemFields(error: FastifySchemaValidationError): FieldProblem[] {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && Array.isArray(params.requiredProperties)) {
    return (params.requiredProperties as string[]).map((p) => ({ field: join(error.instancePath, p), rule: 'required' }));
  }
  if (error.keyword === 'additionalProperties' && Array.isArray(params.additionalProperties)) {
    return (params.additionalProperties as string[]).map((p) => ({ field: join(error.instancePath, p), rule: 'unknown' }));
  }
  return [{ field: fieldName(error.instancePath), rule: error.keyword }];
}

function sentenceFor(error: FastifySchemaValidationError, context: string | undefined): string {
  const params = error.params as Record<string, unknown>;
  const field = fieldName(error.instancePath);
  const subject = field ? `El campo «${field}»` : `El ${PART_NAMES[context ?? 'body'] ?? 'contenido'}`;
  switch (error.keyword) {
    case 'required': {
      const missing = (params.requiredProperties as string[] | undefined) ?? [];
      const names = missing.map((m) => `«${join(error.instancePath, m)}»`).join(', ');
      return missing.length > 1 ? `Faltan los campos obligatorios ${names}.` : `Falta el campo obligatorio ${names}.`;
    }
    case 'additionalProperties': {
      const extra = (params.additionalProperties as string[] | undefined) ?? [];
      return `El campo «${join(error.instancePath, extra[0] ?? '?')}» no está permitido.`;
    }
    case 'type':
      return `${subject} debe ser ${TYPE_NAMES[String(params.type)] ?? String(params.type)}.`;
    case 'minLength':
      return `${subject} debe tener al menos ${String(params.limit)} caracteres.`;
    case 'maxLength':
      return `${subject} debe tener como máximo ${String(params.limit)} caracteres.`;
    case 'minimum':
      return `${subject} debe ser mayor o igual a ${String(params.limit)}.`;
    case 'maximum':
      return `${subject} debe ser menor o igual a ${String(params.limit)}.`;
    case 'pattern':
      return `${subject} no tiene el formato esperado.`;
    case 'format':
      return `${subject} no tiene un formato válido (${String(params.format)}).`;
    case 'minItems':
      return `${subject} debe tener al menos ${String(params.limit)} elementos.`;
    case 'maxItems':
      return `${subject} debe tener como máximo ${String(params.limit)} elementos.`;
    case 'const':
    case 'enum':
    case 'anyOf':
      return `${subject} no tiene un valor permitido.`;
    default:
      return `${subject} no es válido.`;
  }
}

/** '/address/zip' → 'address.zip'; '' → ''. */
function fieldName(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function join(instancePath: string, property: string): string {
  const base = fieldName(instancePath);
  return base ? `${base}.${property}` : property;
}
