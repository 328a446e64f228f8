import { describe, expect, it } from 'vitest';
import { maskEmail, maskName, maskPerson, maskPhone } from '@/lib/customers/pii-mask';

describe('PII masks (SPEC §3)', () => {
  it('reduces a name to initials', () => {
    expect(maskName('John Smith')).toBe('J. S.');
    expect(maskName('  mary  ann van der berg ')).toBe('M. B.');
    expect(maskName('Cher')).toBe('C.');
    expect(maskName(null)).toBeNull();
  });

  it('keeps the first letter and the domain of an email', () => {
    expect(maskEmail('john.smith@x.com')).toBe('j***@x.com');
    expect(maskEmail('broken-address')).toBe('***');
  });

  it('keeps the last four digits of a phone', () => {
    expect(maskPhone('(555) 010-1234')).toBe('***-1234');
    expect(maskPhone('12')).toBe('***');
  });

  it('leaves a person untouched for roles that may see PII', () => {
    const person = { name: 'Ann Lee', email: 'ann@x.com', phone: '555-0100', id: 1 };
    expect(maskPerson(person, true)).toBe(person);
    expect(maskPerson(person, false)).toEqual({ name: 'A. L.', email: 'a***@x.com', phone: '***-0100', id: 1 });
  });
});
