// Text helpers for rule annotations.
{
  // A paragraph written over several lines, joined into one line as YAML's folded style (>-) would.
  fold(text):: std.strReplace(std.rstripChars(text, '\n'), '\n', ' '),
}
