import { describe, expect, it } from 'vitest';
import { readConfig } from '@/lib/config';

describe('configuration', () => {
  it('runs embedded with no variables at all', () => {
    const settings = readConfig({ NODE_ENV: 'development' });
    expect(settings.databaseUrl).toBeUndefined();
    expect(settings.supabase).toBeNull();
    expect(settings.seedDemoData).toBe(true);
    expect(settings.dataDir).toMatch(/\.data$/);
  });

  it('uses Supabase Auth only when both its URL and key are set', () => {
    expect(readConfig({ NEXT_PUBLIC_SUPABASE_URL: 'https://p.supabase.co' }).supabase).toBeNull();
    expect(readConfig({ NEXT_PUBLIC_SUPABASE_URL: 'https://p.supabase.co', NEXT_PUBLIC_SUPABASE_ANON_KEY: 'k' }).supabase).toEqual({
      url: 'https://p.supabase.co',
      key: 'k',
    });
  });

  it('treats empty values as unset and names a bad one', () => {
    expect(readConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
    expect(() => readConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET must be at least 32 characters/);
  });

  it('does not seed demo data into a server database unless asked', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://x' }).seedDemoData).toBe(false);
    expect(readConfig({ DATABASE_URL: 'postgres://x', SEED_DEMO_DATA: 'true' }).seedDemoData).toBe(true);
  });
});
