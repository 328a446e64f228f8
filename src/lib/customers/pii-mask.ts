/** SPEC §3 masks for roles without PII access: `J. S.`, `j***@x.com`, `***-1234`. */
export function maskName(name: string | null): string | null {
  if (!name) return name;
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `${word[0]!.toUpperCase()}.`);
  return initials.length > 2 ? `${initials[0]} ${initials[initials.length - 1]}` : initials.join(' ');
}

export function maskEmail(email: string | null): string | null {
  if (!email) return email;
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***@${email.slice(at + 1)}`;
}

export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 4 ? `***-${digits.slice(-4)}` : '***';
}

export interface PersonFields {
  name: string | null;
  email: string | null;
  phone: string | null;
}

export function maskPerson<T extends PersonFields>(person: T, canSeePii: boolean): T {
  if (canSeePii) return person;
  return { ...person, name: maskName(person.name), email: maskEmail(person.email), phone: maskPhone(person.phone) };
}
