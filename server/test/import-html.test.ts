import assert from 'node:assert/strict';
import { test } from 'node:test';
import { htmlToMarkdown, paragraphs } from '../src/import/html.js';
import { parseTime } from '../src/import/items.js';
import { PageKeys, parsePageMove } from '../src/import/pages.js';

test('HTML bodies become Markdown: links, emphasis, code and quotes survive, the rest is text', () => {
  const cases: Array<[string, string]> = [
    [
      '<p>a <b>bold</b> <strong>move</strong>, <i>quite</i> <em>so</em></p>',
      'a **bold** **move**, *quite* *so*',
    ],
    ['<a href="https://example.org/a b">the docs</a>', '[the docs](https://example.org/a%20b)'],
    ['<a href="https://example.org/">https://example.org/</a>', '<https://example.org/>'],
    ['<a href="mailto:x@mail.example">write</a>', '[write](mailto:x@mail.example)'],
    ['<a href="javascript:alert(1)">click</a> <a href="data:text/html,x">me</a>', 'click me'],
    ['use <code>a &lt; b</code>', 'use `a < b`'],
    ['<pre>if (a &amp;&amp; b) {\n  go();\n}</pre>', '```\nif (a && b) {\n  go();\n}\n```'],
    ['<blockquote><p>quoted</p></blockquote><p>answer</p>', '> quoted\n\nanswer'],
    ['<ul><li>one</li><li>two</li></ul>', '- one\n- two'],
    ['<s>old</s> new', '~~old~~ new'],
    ['<h2>Title</h2>text', 'Title\n\ntext'],
    ['line<br>break', 'line\nbreak'],
    [
      '<script>alert(1)</script><style>p{}</style><iframe src="https://x.example"></iframe>kept',
      'kept',
    ],
    ['<img src="x" onerror="alert(1)">', ''],
    ['<img src="https://img.example/cat.png" alt="a cat">', '[a cat](https://img.example/cat.png)'],
    [
      '<p onclick="steal()">&lt;b&gt;not bold&lt;/b&gt; &amp; &#8220;quoted&#8221; &eacute;</p>',
      '<b>not bold</b> & “quoted” é',
    ],
    ['*not emphasis* and 1. not a list', '\\*not emphasis\\* and 1. not a list'],
    ['<table><tr><td>a</td><td>b</td></tr></table>', 'a  b'],
    [
      '<a href="https://disqus.com/by/x/" data-dsq-mention="x:1">@Ann Lee</a> thanks',
      '@Ann Lee thanks',
    ],
  ];
  for (const [html, markdown] of cases) assert.equal(htmlToMarkdown(html), markdown, html);
});

test('WordPress text gets its paragraphs and line breaks before conversion, <pre> left alone', () => {
  assert.equal(paragraphs('one\ntwo\n\nthree'), '<p>one<br>\ntwo</p>\n<p>three</p>');
  assert.equal(htmlToMarkdown(paragraphs('a\n\n<pre>x\n\ny</pre>')), 'a\n\n```\nx\n\ny\n```');
});

test('times: RFC 3339 and WordPress/Disqus forms, UTC unless an offset says otherwise; impossible dates are none', () => {
  assert.equal(parseTime('2021-04-11T09:30:17Z'), Date.UTC(2021, 3, 11, 9, 30, 17));
  assert.equal(parseTime('2021-04-11 09:30:17'), Date.UTC(2021, 3, 11, 9, 30, 17));
  assert.equal(parseTime('2021-04-11T11:30:17+02:00'), Date.UTC(2021, 3, 11, 9, 30, 17));
  assert.equal(parseTime('2020-11-03T18:22:41.518Z'), Date.UTC(2020, 10, 3, 18, 22, 41, 518));
  assert.equal(parseTime('2019-02-31 10:00:00'), null);
  assert.equal(parseTime('yesterday'), null);
});

test('page keys: the protocol rule, then the longest --map at a path boundary', () => {
  const keys = new PageKeys([
    parsePageMove('https://old.example=https://new.example')!,
    parsePageMove('https://old.example/blog=https://blog.new.example')!,
  ]);
  assert.deepEqual(keys.key('HTTPS://Old.Example:443/a/?q=1#c'), { key: 'https://new.example/a' });
  assert.deepEqual(keys.key('https://old.example/blog/post/'), {
    key: 'https://blog.new.example/post',
  });
  assert.deepEqual(keys.key('https://old.example/blogroll'), {
    key: 'https://new.example/blogroll',
  });
  assert.deepEqual(keys.key('post-42'), { key: 'post-42' });
  assert.deepEqual(keys.key(''), { problem: 'the page has no address' });
  assert.equal(parsePageMove('https://a.example?x=1=https://b.example')?.to, 'https://b.example/');
  assert.equal(parsePageMove('nothing'), null);
});
