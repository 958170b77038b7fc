import { ThrottledWarning } from './throttled-warning';

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
});
