import { deliveryEventIds, nameBasedUuid } from './delivery-event-ids.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('deliveryEventIds', () => {
  it('gives the events of a redelivered webhook the same ids', () => {
    const first = deliveryEventIds('github', '72d3162e-cc78-11e3-81ab-4c9367dc0958');
    const again = deliveryEventIds('github', '72d3162e-cc78-11e3-81ab-4c9367dc0958');
    expect([first(), first()]).toEqual([again(), again()]);
  });

  it('gives different deliveries, vendors and positions different UUIDs', () => {
    const ids = [
      deliveryEventIds('github', 'a')(),
      deliveryEventIds('github', 'b')(),
      deliveryEventIds('linear', 'a')(),
      (() => {
        const next = deliveryEventIds('github', 'a');
        next();
        return next();
      })(),
    ];
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(id).toMatch(UUID);
  });

  it('is a stable function of the name', () => {
    expect(nameBasedUuid('clos:github:x:0')).toBe(nameBasedUuid('clos:github:x:0'));
  });

  it('keeps the ids events already logged were given: a redelivery after an upgrade is still a duplicate', () => {
    expect(nameBasedUuid('clos:github:72d3162e-cc78-11e3-81ab-4c9367dc0958:0')).toBe('bb85e4ea-49bb-5bde-bff3-ed03d75c3d48');
    expect(nameBasedUuid('clos:linear:a:1')).toBe('50320492-211b-5f80-ab73-e6fda60758a8');
  });
});
