// `jsonnet -S -m DIR render/dashboards.jsonnet`: each dashboard as its file. Pass --tla-code config='{...}' to
// override _config.
local manifest = import '../lib/manifest.libsonnet';

function(config={})
  local mixin = (import '../mixin.libsonnet') + { _config+:: config };
  { [name]: manifest.json(mixin.grafanaDashboards[name]) for name in std.objectFields(mixin.grafanaDashboards) }
