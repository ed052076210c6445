import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aliasFromName, aliasProblem, freeAlias } from './alias.js';

test('aliases are made from names as the server makes them', () => {
  assert.equal(aliasFromName('Zürich customers'), 'z_rich_customers');
  assert.equal(aliasFromName('Sale 50%!'), 'sale_50__');
  assert.equal(aliasFromName('VIP'), 'vip');
  assert.equal(aliasFromName(''), 'segment');
  assert.equal(freeAlias('vip', new Set(['vip', 'vip_2'])), 'vip_3');
  assert.equal(freeAlias('vip', new Set()), 'vip');
  assert.equal(aliasProblem('vip', new Map([['vip', 'VIP']])), 'taken by the segment "VIP"');
  assert.equal(aliasProblem('Vip', new Map()), 'use only lower-case letters a–z, digits and _');
  assert.equal(aliasProblem('vip_2', new Map([['vip', 'VIP']])), null);
});
