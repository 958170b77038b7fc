import { outageWarning, ThrottledWarning } from './throttled-warning';

describe('ThrottledWarning', () => {
  it('speaks at once, then at most once per interval with the count since it last spoke', () => {
    let now = 0;
    const said: Array<[number, unknown]> = [];
    const warning = new ThrottledWarning(60_000, (occurrences, error) => said.push([occurrences, error]), () => now);
    warning.report('a');
    now = 59_999;
    warning.report('b');
    warning.report('c');
    expect(said).toEqual([[1, 'a']]);
    now = 60_000;
    warning.report('d');
    expect(said).toEqual([
      [1, 'a'],
      [3, 'd'],
    ]);
  });

  it('outageWarning says the message with the cause and the count, once a minute', () => {
    const said: Array<[unknown, string]> = [];
    const warning = outageWarning((fields, message) => said.push([fields, message]), 'store unreachable');
    warning.report(new Error('connect ECONNREFUSED'));
    warning.report('again');
    expect(said).toEqual([[{ reason: 'connect ECONNREFUSED', occurrences: 1 }, 'store unreachable']]);
  });
});

