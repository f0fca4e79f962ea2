import { buildASTSchema, GraphQLEnumType, parse } from 'graphql';
import { loadTypeDefs } from '../../../src/schema';
import {
  parseDukcapilDate,
  toAddress,
  toCitizen,
  toEktpRecorded,
  toMaritalStatus,
  toRelationship,
  toSex,
} from '../../../src/connectors/dukcapil/mapping';
import { personSchema, type DukcapilPerson } from '../../../src/connectors/dukcapil/payloads';
import { RELATIONSHIPS } from '../../../mocks/data/dataset';

function enumValues(name: string): string[] {
  const sdl = [loadTypeDefs('core'), 'interface Node { id: ID! }', loadTypeDefs('dukcapil')];
  const schema = buildASTSchema(parse(sdl.join('\n')));
  const type = schema.getType(name);
  if (!(type instanceof GraphQLEnumType)) throw new Error(`${name} is not an enum`);
  return type.getValues().map((v) => v.name);
}

const person = (overrides: Partial<DukcapilPerson> = {}): DukcapilPerson =>
  personSchema.parse({
    NIK: '1173015208890001',
    NO_KK: '1173010101200001',
    NAMA_LGKP: ' SITI AMALIA ',
    TGL_LHR: '12-08-1989',
    JENIS_KLMIN: 'PEREMPUAN',
    STATUS_KAWIN: 'KAWIN',
    NO_PROP: 11,
    NO_KAB: 73,
    NO_KEC: 1,
    NO_KEL: 2006,
    NO_RT: 3,
    NO_RW: 1,
    KODE_POS: 24411,
    ...overrides,
  });

describe('parseDukcapilDate', () => {
  it.each([
    ['17-08-1945', '1945-08-17'],
    ['01-01-2000', '2000-01-01'],
    ['29-02-2024', '2024-02-29'],
    [' 31-12-1999 ', '1999-12-31'],
  ])('reads DD-MM-YYYY %p as %p', (input, iso) => {
    expect(parseDukcapilDate(input)).toBe(iso);
  });

  it.each([
    ['a day that does not exist', '29-02-2023'],
    ['the 31st of a 30-day month', '31-04-2020'],
    ['day zero', '00-01-2000'],
    ['month 13', '01-13-2000'],
    ['an ISO date (not the registry format)', '1990-01-01'],
    ['a two-digit year', '01-01-90'],
    ['slashes', '01/01/1990'],
    ['an empty string', ''],
    ['the placeholder "-"', '-'],
    ['null', null],
  ])('returns null for %s', (_case, input) => {
    expect(parseDukcapilDate(input)).toBeNull();
  });
});

describe('enum mapping', () => {
  it('maps JENIS_KLMIN to every Sex value', () => {
    expect(toSex('LAKI-LAKI')).toBe('MALE');
    expect(toSex('PEREMPUAN')).toBe('FEMALE');
    expect(toSex('perempuan')).toBe('FEMALE');
    expect(toSex('X')).toBeNull();
    expect(toSex(null)).toBeNull();
    expect(['MALE', 'FEMALE'].sort()).toEqual(enumValues('Sex').sort());
  });

  it('maps STATUS_KAWIN to every MaritalStatus value', () => {
    const mapped = {
      'BELUM KAWIN': toMaritalStatus('BELUM KAWIN'),
      KAWIN: toMaritalStatus('KAWIN'),
      'KAWIN TERCATAT': toMaritalStatus('KAWIN TERCATAT'),
      'KAWIN BELUM TERCATAT': toMaritalStatus('KAWIN  BELUM TERCATAT'),
      'CERAI HIDUP': toMaritalStatus('CERAI HIDUP'),
      'CERAI MATI': toMaritalStatus('cerai mati'),
    };
    expect(mapped).toEqual({
      'BELUM KAWIN': 'SINGLE',
      KAWIN: 'MARRIED',
      'KAWIN TERCATAT': 'MARRIED',
      'KAWIN BELUM TERCATAT': 'MARRIED',
      'CERAI HIDUP': 'DIVORCED',
      'CERAI MATI': 'WIDOWED',
    });
    expect([...new Set(Object.values(mapped))].sort()).toEqual(enumValues('MaritalStatus').sort());
    expect(toMaritalStatus('JANDA')).toBeNull();
  });

  it('maps all eleven SHDK relationships, by text and by code, onto the schema enum in code order', () => {
    const expected = [
      'HEAD',
      'HUSBAND',
      'WIFE',
      'CHILD',
      'CHILD_IN_LAW',
      'GRANDCHILD',
      'PARENT',
      'PARENT_IN_LAW',
      'OTHER_RELATIVE',
      'HOUSEHOLD_HELPER',
      'OTHER',
    ];
    const entries = Object.entries(RELATIONSHIPS);
    expect(entries).toHaveLength(11);
    expect(entries.map(([, text]) => toRelationship(text))).toEqual(expected);
    expect(entries.map(([code]) => toRelationship(code))).toEqual(expected);
    expect(entries.map(([code]) => toRelationship(Number(code)))).toEqual(expected);
    expect(enumValues('FamilyRelationship')).toEqual(expected);
    expect(toRelationship(0)).toBeNull();
    expect(toRelationship('12')).toBeNull();
    expect(toRelationship('TETANGGA')).toBeNull();
    expect(toRelationship(undefined)).toBeNull();
  });

  it('maps EKTP_STATUS to a boolean', () => {
    expect(toEktpRecorded('SUDAH REKAM')).toBe(true);
    expect(toEktpRecorded('BELUM REKAM')).toBe(false);
    expect(toEktpRecorded('')).toBeNull();
    expect(toEktpRecorded('RUSAK')).toBeNull();
  });
});

describe('toAddress', () => {
  it('pads numeric codes and builds the dotted Kemendagri codes top-down', () => {
    expect(toAddress(person())).toMatchObject({
      rt: '003',
      rw: '001',
      postcode: '24411',
      provinceCode: '11',
      regencyCode: '11.73',
      districtCode: '11.73.01',
      villageCode: '11.73.01.2006',
    });
  });

  it('accepts codes sent as strings', () => {
    const address = toAddress(
      person({ NO_KEC: '01', NO_KEL: '2006', NO_RT: '003', KODE_POS: '24411' }),
    );
    expect(address).toMatchObject({
      rt: '003',
      districtCode: '11.73.01',
      villageCode: '11.73.01.2006',
      postcode: '24411',
    });
  });

  it('drops codes that cannot exist and every code below a missing level', () => {
    const address = toAddress(person({ NO_KEC: 0, NO_RT: 0, NO_RW: '12345', KODE_POS: 2441 }));
    expect(address).toMatchObject({
      rt: null,
      rw: null,
      postcode: null,
      provinceCode: '11',
      regencyCode: '11.73',
      districtCode: null,
      villageCode: null,
    });
  });
});

describe('toCitizen', () => {
  it('treats empty, placeholder and unknown values as null and trims names', () => {
    const citizen = toCitizen(
      person({
        TMPT_LHR: '',
        DUSUN: '-',
        GOL_DARAH: 'TIDAK TAHU',
        NAMA_LGKP_IBU: null,
        TGL_LHR: '31-02-1990',
      }),
    );
    expect(citizen).toMatchObject({
      fullName: 'SITI AMALIA',
      birthPlace: null,
      birthDate: null,
      bloodType: null,
      motherName: null,
      relationship: null,
      sex: 'FEMALE',
      maritalStatus: 'MARRIED',
    });
    expect(citizen.address.hamlet).toBeNull();
  });

  it('refuses records without a valid NIK, KK number or name at the boundary', () => {
    expect(
      personSchema.safeParse({ NIK: '117301', NO_KK: '1173010101200001', NAMA_LGKP: 'A' }).success,
    ).toBe(false);
    expect(
      personSchema.safeParse({ NIK: '1173015208890001', NO_KK: 1173010101200001, NAMA_LGKP: 'A' })
        .success,
    ).toBe(false);
    expect(
      personSchema.safeParse({ NIK: '1173015208890001', NO_KK: '1173010101200001', NAMA_LGKP: ' ' })
        .success,
    ).toBe(false);
  });
});
