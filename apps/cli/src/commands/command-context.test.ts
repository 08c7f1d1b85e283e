import { ClosError } from '@clos/domain/errors';
import { apiSettings } from './command-context.js';

describe('apiSettings', () => {
  it('reads CLOS_API_URL and CLOS_TOKEN, blank as unset', () => {
    expect(apiSettings({ CLOS_API_URL: ' https://clos.example.com ', CLOS_TOKEN: 'clos_abc' })).toEqual({ apiUrl: 'https://clos.example.com', token: 'clos_abc' });
    expect(apiSettings({ CLOS_API_URL: '', CLOS_TOKEN: '  ' })).toEqual({});
  });

  it('names a CLOS_API_URL that is not an http(s) URL', () => {
    for (const bad of ['localhost:8080', 'ftp://clos.example.com', 'not a url']) {
      expect(() => apiSettings({ CLOS_API_URL: bad })).toThrow(ClosError);
      expect(() => apiSettings({ CLOS_API_URL: bad })).toThrow('CLOS_API_URL: must be an http(s) URL');
    }
  });
});
