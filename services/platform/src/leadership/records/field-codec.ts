import type { FieldCipher } from '../field-cipher.js';
import { fieldContext, type LeadershipTable } from './leadership-tables.js';

/** Encrypts and decrypts one table's fields for one person. */
export interface FieldCodec {
  seal(column: string, plaintext: string): string;
  sealOptional(column: string, plaintext: string | null | undefined): string | null;
  open(column: string, envelope: string): string;
  openOptional(column: string, envelope: string | null): string | null;
}

/** The codec of `table` for `personId`. */
export function fieldCodec(cipher: FieldCipher, table: LeadershipTable, personId: string): FieldCodec {
  const seal = (column: string, plaintext: string) => cipher.encrypt(plaintext, fieldContext(table, column, personId));
  const open = (column: string, envelope: string) => cipher.decrypt(envelope, fieldContext(table, column, personId));
  return {
    seal,
    sealOptional: (column, plaintext) => (plaintext === null || plaintext === undefined ? null : seal(column, plaintext)),
    open,
    openOptional: (column, envelope) => (envelope === null ? null : open(column, envelope)),
  };
}
