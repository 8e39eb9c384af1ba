// Whether a webhook may be sent to an address: public unicast only, unless an admin allowed private ones.
// The check runs on every address a name resolves to, at registration and again at each send (in the socket's
// own lookup), so a name that later resolves to 127.0.0.1 or 169.254.169.254 is refused when it matters.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv6');

/** Whether an IP address is public unicast (an IPv4-mapped IPv6 address is judged as its IPv4 one). Pure. */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]!);
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Thrown when an address is refused: a delivery that will not succeed by trying again. */
export class AddressRefused extends Error {
  readonly permanent = true;
}

/** The addresses a host resolves to, each one checked; rejects with AddressRefused when one is not public. */
export async function resolvePublicAddresses(host: string, allowPrivate: boolean): Promise<{ address: string; family: number }[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  const found = isIP(bare) !== 0 ? [{ address: bare, family: isIP(bare) }] : await lookup(bare, { all: true, verbatim: true });
  if (found.length === 0) throw new AddressRefused(`${host} has no address`);
  if (!allowPrivate) {
    const refused = found.find((a) => !isPublicAddress(a.address));
    if (refused) throw new AddressRefused(`${host} resolves to ${refused.address}, which is not a public address`);
  }
  return found;
}
