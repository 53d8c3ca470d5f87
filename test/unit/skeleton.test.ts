import { expect } from '@open-wc/testing';
import { element } from '../../src/render/dom.js';
import { skeleton } from '../../src/render/skeleton.js';

interface Nodes extends Record<string, Element> {
  root: HTMLDivElement;
  first: HTMLSpanElement;
  last: HTMLElement;
}

describe('skeleton', () => {
  let builds = 0;
  const make = skeleton<Nodes>((name) => {
    builds++;
    return name(
      'root',
      element(
        'div',
        {},
        element('p', {}, name('first', element('span', {}, 'first'))),
        element('em', {}, 'unnamed'),
        name('last', element('b', {}, 'last')),
      ),
    );
  });

  it('finds each named node in every clone, by the place it was built at', () => {
    const one = make();
    const two = make();
    expect(builds).to.equal(1);
    expect(one.first.textContent).to.equal('first');
    expect(one.last.tagName).to.equal('B');
    expect(one.root.contains(one.first) && one.root.contains(one.last)).to.equal(true);
    expect(one.first === two.first).to.equal(false);
    one.first.textContent = 'changed';
    one.root.append(element('i'));
    const three = make();
    expect(two.first.textContent).to.equal('first');
    expect(three.first.textContent).to.equal('first');
    expect(three.root.querySelector('i') === null).to.equal(true);
  });
});
