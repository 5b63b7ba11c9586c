#!/usr/bin/env python3
"""Key-by-key parity of vigil's query API with the one @neo4j/graphql 5.12 generates.

  augmented_parity.py extract AUGMENT_OUTPUT.graphql > tests/data/neo4j-augmented/NAME.graphql
      Keeps the part of `augment.js`'s output that a query can reach (Query, the types its
      fields return and every input type their arguments take; mutations left out), in a
      stable order. scripts/regen-neo4j-augmented.sh runs it.

  augmented_parity.py compare --vigil VIGIL --schema SCHEMA --expected EXPECTED [--allow FILE]
      Runs `VIGIL schema print --augmented SCHEMA` and compares it with EXPECTED, type by type:
      every root field, argument, output field and input key Neo4j generates must be there
      with the same type, and vigil must have nothing more, except the differences listed in
      the allow-list (each a spec-marked extension or deviation, with its reason). Prints the
      difference and exits 1 when anything else differs.

No node is needed at test time: EXPECTED is checked in.
"""

import argparse
import re
import subprocess
import sys

_TOKEN = re.compile(r'"""(?:\\"""|[^"]|"(?!""))*"""|"(?:\\.|[^"\\])*"|#[^\n]*|[A-Za-z_][A-Za-z0-9_]*'
                    r'|[!():=@\[\]{}|&,]|-?[0-9][0-9.eE+-]*|\S')


def _tokens(text):
    for m in _TOKEN.finditer(text):
        t = m.group(0)
        if t.startswith('#') or t == ',':
            continue
        yield t


class _Parser:
    """A small reader of graphql-js printSchema output (SDL)."""

    def __init__(self, text):
        self.toks = [t for t in _tokens(text)]
        self.i = 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def next(self):
        t = self.peek()
        self.i += 1
        return t

    def expect(self, t):
        got = self.next()
        if got != t:
            raise ValueError('expected %r, found %r (token %d)' % (t, got, self.i))

    def skip_description(self):
        while self.peek() is not None and self.peek().startswith('"'):
            self.next()

    def type_ref(self):
        if self.peek() == '[':
            self.next()
            inner = self.type_ref()
            self.expect(']')
            t = '[' + inner + ']'
        else:
            t = self.next()
        if self.peek() == '!':
            self.next()
            t += '!'
        return t

    def value(self):
        t = self.next()
        if t in ('[', '{'):
            close = ']' if t == '[' else '}'
            parts = [t]
            depth = 1
            while depth:
                x = self.next()
                parts.append(x)
                if x in ('[', '{'):
                    depth += 1
                elif x in (']', '}'):
                    depth -= 1
            return ' '.join(parts)
        return t

    def directives(self):
        deprecated = False
        while self.peek() == '@':
            self.next()
            name = self.next()
            deprecated |= name == 'deprecated'
            if self.peek() == '(':
                self.next()
                while self.peek() != ')':
                    self.next()
                    self.expect(':')
                    self.value()
                self.next()
        return deprecated

    def arguments(self):
        args = {}
        if self.peek() != '(':
            return args
        self.next()
        while self.peek() != ')':
            self.skip_description()
            name = self.next()
            self.expect(':')
            t = self.type_ref()
            default = None
            if self.peek() == '=':
                self.next()
                default = self.value()
            self.directives()
            args[name] = (t, default)
        self.next()
        return args

    def document(self):
        types = {}
        while self.peek() is not None:
            self.skip_description()
            kind = self.next()
            if kind == 'schema':
                while self.next() != '}':
                    pass
                continue
            if kind == 'directive':
                while self.peek() not in (None, 'on'):
                    self.next()
                self.next()
                while self.peek() is not None and (self.peek() == '|' or
                                                   re.match(r'^[A-Z_]+$', self.peek())):
                    self.next()
                continue
            name = self.next()
            entry = {'kind': kind, 'fields': {}, 'values': [], 'interfaces': []}
            if kind in ('type', 'interface') and self.peek() == 'implements':
                self.next()
                while self.peek() not in ('{', '@') and self.peek() is not None:
                    t = self.next()
                    if t != '&':
                        entry['interfaces'].append(t)
            self.directives()
            if kind == 'union':
                self.expect('=')
                members = [self.next()]
                while self.peek() == '|':
                    self.next()
                    members.append(self.next())
                entry['values'] = members
            elif kind == 'enum':
                self.expect('{')
                while self.peek() != '}':
                    self.skip_description()
                    entry['values'].append(self.next())
                    self.directives()
                self.next()
            elif kind in ('type', 'interface', 'input'):
                self.expect('{')
                while self.peek() != '}':
                    self.skip_description()
                    fname = self.next()
                    args = self.arguments()
                    self.expect(':')
                    t = self.type_ref()
                    if self.peek() == '=':
                        self.next()
                        self.value()
                    deprecated = self.directives()
                    entry['fields'][fname] = {'type': t, 'args': args, 'deprecated': deprecated}
                self.next()
            types[name] = entry
        return types


def parse(text):
    return _Parser(text).document()


def _named(t):
    return t.strip('[]!')


def reachable(types):
    """The types a query can reach: from Query, through field types, argument types and
    input fields, and every object type implementing a reached interface."""
    seen = set()
    stack = ['Query']
    while stack:
        name = stack.pop()
        if name in seen or name not in types:
            continue
        seen.add(name)
        entry = types[name]
        for f in entry['fields'].values():
            stack.append(_named(f['type']))
            for (t, _) in f['args'].values():
                stack.append(_named(t))
        if entry['kind'] == 'interface':
            for other, e in types.items():
                if name in e['interfaces']:
                    stack.append(other)
        if entry['kind'] == 'union':
            stack.extend(entry['values'])
    return seen


def render(types, names):
    out = []
    for name in sorted(names):
        e = types[name]
        if e['kind'] == 'scalar':
            out.append('scalar %s\n' % name)
            continue
        head = '%s %s' % (e['kind'], name)
        if e['interfaces']:
            head += ' implements ' + ' & '.join(e['interfaces'])
        if e['kind'] == 'union':
            out.append('%s = %s\n' % (head, ' | '.join(e['values'])))
            continue
        lines = [head + ' {']
        if e['kind'] == 'enum':
            lines += ['  ' + v for v in e['values']]
        else:
            for fname, f in e['fields'].items():
                args = ''
                if f['args']:
                    args = '(%s)' % ', '.join(
                        '%s: %s%s' % (a, t, '' if d is None else ' = ' + d)
                        for a, (t, d) in f['args'].items())
                dep = ' @deprecated' if f['deprecated'] else ''
                lines.append('  %s%s: %s%s' % (fname, args, f['type'], dep))
        lines.append('}')
        out.append('\n'.join(lines) + '\n')
    return '\n'.join(out)


_BUILTIN = {'String', 'Int', 'Float', 'Boolean', 'ID'}


def differences(expected, actual):
    """Differences as (key, text): key names the place ("VpcWhere.name_NOT",
    "Query.vpcs(limit)", "type VpcEdge") after + (vigil has it, Neo4j has not), - (Neo4j
    has it, vigil has not) or ~ (both, with another type); text says what differs."""
    diffs = []
    exp_names = reachable(expected) - _BUILTIN
    act_names = reachable(actual) - _BUILTIN
    for name in sorted(exp_names | act_names):
        e = expected.get(name) if name in exp_names else None
        a = actual.get(name) if name in act_names else None
        if a is None:
            diffs.append(('-type ' + name, 'Neo4j generates %s %s; vigil has no such type' %
                          (e['kind'], name)))
            continue
        if e is None:
            diffs.append(('+type ' + name, 'vigil has %s %s; Neo4j generates no such type' %
                          (a['kind'], name)))
            continue
        if e['kind'] != a['kind']:
            diffs.append(('~type ' + name, 'Neo4j: %s, vigil: %s' % (e['kind'], a['kind'])))
        if e['values'] != a['values'] and sorted(e['values']) != sorted(a['values']):
            diffs.append(('~type ' + name, 'values: Neo4j %s, vigil %s' % (e['values'], a['values'])))
        if sorted(e['interfaces']) != sorted(a['interfaces']):
            diffs.append(('~type ' + name, 'implements: Neo4j %s, vigil %s' %
                          (e['interfaces'], a['interfaces'])))
        for fname in list(e['fields']) + [f for f in a['fields'] if f not in e['fields']]:
            ef = e['fields'].get(fname)
            af = a['fields'].get(fname)
            key = '%s.%s' % (name, fname)
            if af is None:
                diffs.append(('-' + key, 'Neo4j has %s: %s; vigil has not' % (fname, ef['type'])))
                continue
            if ef is None:
                diffs.append(('+' + key, 'vigil has %s: %s; Neo4j has not' % (fname, af['type'])))
                continue
            if ef['type'] != af['type']:
                diffs.append(('~' + key, 'type: Neo4j %s, vigil %s' % (ef['type'], af['type'])))
            for arg in list(ef['args']) + [x for x in af['args'] if x not in ef['args']]:
                ea = ef['args'].get(arg)
                aa = af['args'].get(arg)
                akey = '%s(%s)' % (key, arg)
                if aa is None:
                    diffs.append(('-' + akey, 'Neo4j has argument %s: %s; vigil has not' % (arg, ea[0])))
                elif ea is None:
                    diffs.append(('+' + akey, 'vigil has argument %s: %s; Neo4j has not' % (arg, aa[0])))
                elif ea != aa:
                    diffs.append(('~' + akey, 'argument: Neo4j %s, vigil %s' % (ea, aa)))
    return diffs


def read_allow_list(path):
    """Lines `PATTERN  # reason`; PATTERN is a difference key (with its +, - or ~) in which *
    matches anything."""
    patterns = []
    if not path:
        return patterns
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            body = line.split('#', 1)[0].strip()
            if not body:
                continue
            if '#' not in line:
                raise SystemExit('%s:%d: an allow-list entry needs its reason after #' % (path, n))
            rx = '^' + '.*'.join(re.escape(p) for p in body.split('*')) + '$'
            patterns.append((body, re.compile(rx)))
    return patterns


def selftest():
    """The comparison sees a key too many, a key too few, another type, another argument."""
    neo4j = parse('type Query { xs(where: XWhere, first: Int): [X!]! } type X { id: ID! }\n'
                  'input XWhere { id: ID id_IN: [ID!] AND: [XWhere!] }')
    vigil = parse('"""doc""" type Query { xs(where: XWhere, first: String): [X!]! }\n'
                  'type X { id: ID! } # comment\n'
                  'input XWhere { id: ID @deprecated(reason: "x") id_IN: [ID] extra: Int }')
    got = sorted(k for k, _ in differences(neo4j, vigil))
    want = sorted(['~Query.xs(first)', '~XWhere.id_IN', '+XWhere.extra', '-XWhere.AND'])
    if got != want:
        print('selftest: differences %s, expected %s' % (got, want))
        return 1
    allow = read_allow_list(None)
    if allow or differences(neo4j, neo4j):
        print('selftest: a schema differs from itself')
        return 1
    print('selftest: ok')
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest='cmd', required=True)
    ex = sub.add_parser('extract')
    ex.add_argument('augmented')
    sub.add_parser('selftest')
    cp = sub.add_parser('compare')
    cp.add_argument('--vigil', required=True)
    cp.add_argument('--schema', required=True)
    cp.add_argument('--expected', required=True)
    cp.add_argument('--allow')
    args = ap.parse_args()

    if args.cmd == 'selftest':
        return selftest()
    if args.cmd == 'extract':
        with open(args.augmented, encoding='utf-8') as f:
            types = parse(f.read())
        sys.stdout.write('# Generated by scripts/regen-neo4j-augmented.sh from the output of\n'
                         '# @neo4j/graphql 5.12.14 (../shared/tools/neo4j-augment/augment.js):\n'
                         '# the types a query reaches, in a stable order. Do not edit.\n\n')
        sys.stdout.write(render(types, reachable(types)))
        return 0

    run = subprocess.run([args.vigil, 'schema', 'print', '--augmented', args.schema],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        print('augmented_parity: `vigil schema print --augmented %s` failed (exit %d)' %
              (args.schema, run.returncode))
        return 1
    with open(args.expected, encoding='utf-8') as f:
        expected = parse(f.read())
    actual = parse(run.stdout)
    allow = read_allow_list(args.allow)
    used = {}
    unexpected = []
    for key, text in differences(expected, actual):
        hit = next((p for p, rx in allow if rx.match(key)), None)
        if hit is None:
            unexpected.append((key, text))
        else:
            used[hit] = used.get(hit, 0) + 1
    n_exp = sum(len(t['fields']) for n, t in expected.items() if t['kind'] == 'input')
    n_act = sum(len(t['fields']) for n, t in actual.items() if t['kind'] == 'input')
    print('%s: Neo4j generates %d input keys, vigil prints %d; %d differences allowed (%s)' %
          (args.schema, n_exp, n_act, sum(used.values()),
           ', '.join('%s: %d' % kv for kv in sorted(used.items())) or 'none'))
    for key, text in unexpected:
        print('DIFF %s: %s' % (key, text))
    if unexpected:
        print('%d unexpected difference(s) with %s' % (len(unexpected), args.expected))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
