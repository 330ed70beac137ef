// Text output for the rendered files, kept byte-stable across jsonnet versions. Two things of jsonnet 0.18's own
// manifest functions are avoided: numbers such as 0.1 print with 17 significant digits (0.10000000000000001), and
// std.escapeStringJson and the % operator, written in jsonnet, take seconds per dashboard: strings are joined with +.

// Whole numbers as integers, others with 15 significant digits (enough for every value written in the mixin).
local number(n) = if n == std.floor(n) && std.abs(n) < 1e15 then std.toString(n) else '%.15g' % n;

// A JSON string (also a YAML double-quoted scalar). The mixin's strings hold no control characters but these.
local quote(s) = '"' + std.foldl(
  function(text, pair) std.strReplace(text, pair[0], pair[1]),
  [['\\', '\\\\'], ['"', '\\"'], ['\n', '\\n'], ['\r', '\\r'], ['\t', '\\t']],
  s,
) + '"';

local json(value, indent) =
  local inner = indent + '  ';
  local type = std.type(value);
  if type == 'object' then
    local fields = std.objectFields(value);
    if std.length(fields) == 0 then '{}'
    else '{\n' + std.join(',\n', [inner + quote(f) + ': ' + json(value[f], inner) for f in fields]) + '\n' + indent + '}'
  else if type == 'array' then
    if std.length(value) == 0 then '[]'
    else '[\n' + std.join(',\n', [inner + json(v, inner) for v in value]) + '\n' + indent + ']'
  else if type == 'number' then number(value)
  else if type == 'string' then quote(value)
  else std.toString(value);  // true, false, null

// Every line of `text` indented, the first by `first`. (std.split, written in jsonnet, is slow.)
local indentLines(text, first, rest) = first + std.strReplace(text, '\n', '\n' + rest);

// `key: value` in YAML: a multi-line string as a literal block, a map of strings (labels, annotations) one key a
// line, anything else quoted.
local yamlField(key, value) =
  if std.type(value) == 'object' then
    key + ':\n' + std.join('\n', ['  ' + yamlField(k, value[k]) for k in std.objectFields(value)])
  else if std.type(value) == 'string' && std.strReplace(value, '\n', '') != value then
    local chomp = if std.endsWith(value, '\n') then '' else '-';
    key + ': |' + chomp + '\n' + indentLines(std.rstripChars(value, '\n'), '  ', '  ')
  else
    key + ': ' + (if std.type(value) == 'string' then quote(value) else number(value));

// One rule, keys in the order people read them.
local ruleOrder = ['alert', 'record', 'expr', 'for', 'labels', 'annotations'];
local rule(r) = std.join('\n', [yamlField(k, r[k]) for k in ruleOrder if std.objectHas(r, k)]);

{
  number: number,

  // JSON with two-space indentation and sorted keys (`jsonnet -S` ends the file with a newline).
  json(value):: json(value, ''),

  // A Prometheus rule file: `header` as comment lines, then the groups (`jsonnet -S` ends it with a newline).
  ruleFile(header, groups)::
    std.join('\n', [if line == '' then '#' else '# ' + line for line in header]) + '\ngroups:\n'
    + std.join('\n\n', [
      '  - name: ' + quote(g.name) + '\n    rules:\n'
      + std.join('\n', [indentLines(rule(r), '      - ', '        ') for r in g.rules])
      for g in groups
    ]),
}
