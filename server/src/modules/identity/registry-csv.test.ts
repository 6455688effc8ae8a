import { makeDemoPerson } from '@siap/mx-identity';
import { describe, expect, it } from 'vitest';
import { parseRegistryCsv, REGISTRY_CSV_HEADER } from './registry-csv.ts';

describe('registry CSV', () => {
  const person = makeDemoPerson(7);
  const header = REGISTRY_CSV_HEADER.join(',');

  it('parses the documented header, quoted fields and an empty second surname', () => {
    const csv = `\uFEFF${header}\n${person.curp},"${person.givenNames}",${person.firstSurname},,${person.birthDate},${person.sex},${person.stateCode},vigente\n`;
    expect(parseRegistryCsv(csv)).toEqual([
      {
        curp: person.curp,
        givenNames: person.givenNames,
        firstSurname: person.firstSurname,
        secondSurname: null,
        birthDate: person.birthDate,
        sex: person.sex,
        birthState: person.stateCode,
        status: 'vigente',
      },
    ]);
  });

  it('names the line of a bad row and rejects an unknown header', () => {
    const bad = `${header}\n${person.curp},Juan,Pérez,,${person.birthDate},H,DF,vigente\nMALA,Juan,Pérez,,1990-01-01,H,DF,vigente\n`;
    expect(() => parseRegistryCsv(bad)).toThrow(/línea 3/);
    expect(() => parseRegistryCsv('curp,nombre\nX,Y\n')).toThrow(/encabezado inválido/);
  });
});
