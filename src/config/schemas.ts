import { z } from 'zod';

/** Shared value syntaxes of the settings. */
export const intIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected an integer')
    .transform(Number)
    .pipe(z.number().min(min, `expected at least ${min}`).max(max, `expected at most ${max}`));

export const bool = z
  .enum(['true', 'false'], 'expected true or false')
  .transform((v) => v === 'true');

export const onOff = z.enum(['on', 'off'], 'expected on or off');

export const secret = (minLength: number) =>
  z.string().min(minLength, `must be at least ${minLength} characters`);

const hostPort = z
  .string()
  .regex(/^[^:\s]+:\d{1,5}$/, 'expected host:port')
  .transform((s) => {
    const [host, port] = s.split(':');
    return { host: host ?? '', port: Number(port) };
  });

export const hostList = z.string().transform((s, ctx) => {
  const nodes = s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => hostPort.safeParse(p));
  const hosts: Array<{ host: string; port: number }> = [];
  for (const node of nodes) {
    if (!node.success) {
      ctx.addIssue({ code: 'custom', message: 'expected a comma-separated list of host:port' });
      return z.NEVER;
    }
    hosts.push(node.data);
  }
  return hosts;
});

/** camelCase setting key → SNAKE_CASE environment suffix. */
export const toSnake = (key: string): string =>
  key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
