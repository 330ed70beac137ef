// The dashboard's variables: data source, job(s) and tenant(s) among the exporter's series, and how many tenants
// the per-tenant charts draw. *All* is the regex `.+`, so 500 tenants do not make a 500-way alternation.
local query(name, label, query) = {
  name: name,
  label: label,
  type: 'query',
  datasource: { type: 'prometheus', uid: '${datasource}' },
  query: query,
  definition: query,
  current: {},
  hide: 0,
  includeAll: true,
  allValue: '.+',
  multi: true,
  options: [],
  refresh: 2,  // on time range change: tenants come and go
  regex: '',
  skipUrlSync: false,
  sort: 1,
};

local limits = ['12', '25', '50', '100', '500'];

function(s) [
  {
    name: 'datasource',
    label: 'Data source',
    type: 'datasource',
    query: 'prometheus',
    current: {},
    hide: 0,
    includeAll: false,
    multi: false,
    options: [],
    refresh: 1,
    regex: '',
    skipUrlSync: false,
  },
  query('job', 'job', 'label_values(defender_exporter_build_info{%s}, job)' % s.selector),
  query('tenant', 'Tenant', 'label_values(defender_tenant_info{%(job)s}, tenant)' % s),
  {
    name: 'limit',
    label: 'Tenants in charts',
    type: 'custom',
    query: std.join(',', limits),
    current: { selected: true, text: limits[0], value: limits[0] },
    hide: 0,
    includeAll: false,
    multi: false,
    options: [{ selected: l == limits[0], text: l, value: l } for l in limits],
    skipUrlSync: false,
  },
]
