// Grafana panel builders for the dashboard: every panel reads the templated Prometheus data source, has a unit and
// thresholds, and is placed on the grid by the caller (ids and positions stay fixed so links keep working).
local datasource = { type: 'prometheus', uid: '${datasource}' };

local thresholds(steps) = {
  mode: 'absolute',
  steps: [{ color: s[0], value: s[1] } for s in steps],
};

// Value mappings from a number to a text, a colour and a position, e.g. valueText({ '1': ['UP', 'green', 0], '0': ['DOWN', 'red', 1] }).
local valueText(texts) = [{
  type: 'value',
  options: {
    [k]: { text: texts[k][0], color: texts[k][1], index: texts[k][2] }
    for k in std.objectFields(texts)
  },
}];

local optional(name, value) = if value == null then {} else { [name]: value };

{
  datasource: datasource,
  thresholds: thresholds,

  grid(x, y, w, h):: { x: x, y: y, w: w, h: h },

  // A query. Instant queries feed tables (format table) unless told otherwise.
  target(refId, expr, legend='__auto', instant=false, format=null):: {
    datasource: datasource,
    refId: refId,
    expr: expr,
    legendFormat: legend,
    range: !instant,
    instant: instant,
    format: if format != null then format else if instant then 'table' else 'time_series',
  },

  // Table cell and field overrides, applied by column name.
  override(name, properties):: { matcher: { id: 'byName', options: name }, properties: properties },
  prop:: {
    unit(unit):: { id: 'unit', value: unit },
    decimals(n):: { id: 'decimals', value: n },
    thresholds(steps):: { id: 'thresholds', value: thresholds(steps) },
    colorText:: { id: 'custom.cellOptions', value: { type: 'color-text' } },
    colorBackground:: { id: 'custom.cellOptions', value: { type: 'color-background', mode: 'basic' } },
    fixedColor(color):: { id: 'color', value: { mode: 'fixed', fixedColor: color } },
    mappings(texts):: { id: 'mappings', value: valueText(texts) },
  },
  valueText: valueText,

  // A row's heading. Rows place their panels from y 0 (the heading) down; the dashboard stacks the rows.
  row(id, title):: {
    id: id,
    type: 'row',
    title: title,
    collapsed: false,
    gridPos: { x: 0, y: 0, w: 24, h: 1 },
    panels: [],
  },

  // Rows (each a list of panels placed from y 0) one under the other.
  stack(rows)::
    local height(panels) = std.foldl(function(bottom, p) std.max(bottom, p.gridPos.y + p.gridPos.h), panels, 0);
    local place(placed, panels) = {
      y: placed.y + height(panels),
      panels: placed.panels + [p { gridPos+: { y: p.gridPos.y + placed.y } } for p in panels],
    };
    std.foldl(place, rows, { y: 0, panels: [] }).panels,

  local base(id, type, title, description, gridPos, targets) = {
    id: id,
    type: type,
    title: title,
    description: description,
    datasource: datasource,
    gridPos: gridPos,
    targets: targets,
  },

  local fieldDefaults(unit, steps, color, mappings, decimals, min, max) = {
    unit: unit,
    thresholds: thresholds(steps),
    color: { mode: color },
    mappings: mappings,
  } + optional('decimals', decimals) + optional('min', min) + optional('max', max),

  stat(id, title, description, gridPos, targets, unit='none', steps=[['blue', null]], colorMode='value', graphMode='none',
       decimals=null, min=null, max=null, mappings=[]):: base(id, 'stat', title, description, gridPos, targets) {
    fieldConfig: {
      defaults: fieldDefaults(unit, steps, 'thresholds', mappings, decimals, min, max),
      overrides: [],
    },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      orientation: 'auto',
      textMode: 'auto',
      colorMode: colorMode,
      graphMode: graphMode,
      justifyMode: 'auto',
      wideLayout: true,
      showPercentChange: false,
    },
  },

  // A line chart with its legend as a table on the right, sorted by `legendSort` (a legend column name).
  timeseries(id, title, description, gridPos, targets, unit='none', steps=[['blue', null]], thresholdsStyle='off',
             legendCalcs=['lastNotNull'], legendSort='Last *', legendDesc=true, tooltipSort='desc',
             decimals=null, min=null, max=null, interval=null, stacked=false, overrides=[]):: base(id, 'timeseries', title, description, gridPos, targets) {
    fieldConfig: {
      defaults: fieldDefaults(unit, steps, 'palette-classic', [], decimals, min, max) {
        custom: {
          drawStyle: 'line',
          lineWidth: if stacked then 1 else 2,
          fillOpacity: if stacked then 60 else 0,
          showPoints: 'never',
          spanNulls: false,
          axisPlacement: 'auto',
          thresholdsStyle: { mode: thresholdsStyle },
        } + (if stacked then { stacking: { mode: 'normal', group: 'A' } } else {}),
      },
      overrides: overrides,
    },
    options: {
      legend: { displayMode: 'table', placement: 'right', showLegend: true, calcs: legendCalcs, sortBy: legendSort, sortDesc: legendDesc },
      tooltip: { mode: 'multi', sort: tooltipSort },
    },
  } + optional('interval', interval),

  // Horizontal bars, one per series, e.g. a count per label value.
  bargauge(id, title, description, gridPos, targets, unit='none', steps=[['blue', null]], decimals=null, min=null, max=null,
           overrides=[]):: base(id, 'bargauge', title, description, gridPos, targets) {
    fieldConfig: {
      defaults: fieldDefaults(unit, steps, 'thresholds', [], decimals, min, max),
      overrides: overrides,
    },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      orientation: 'horizontal',
      displayMode: 'gradient',
      valueMode: 'color',
      namePlacement: 'auto',
      showUnfilled: true,
      sizing: 'auto',
      minVizWidth: 8,
      minVizHeight: 16,
      maxVizHeight: 300,
    },
  },

  // A table merging instant queries into one row per label set. `columns` lists [field, shown name] in display
  // order (a query's value is the field 'Value #<refId>', or 'Value' when there is one query); `hidden` fields
  // are dropped; rows are sorted by the shown column `sortBy`.
  table(id, title, description, gridPos, targets, columns, sortBy, sortDesc=false, hidden=[], unit='none',
        steps=[['blue', null]], overrides=[]):: base(id, 'table', title, description, gridPos, targets) {
    fieldConfig: {
      defaults: fieldDefaults(unit, steps, 'thresholds', [], null, null, null) {
        custom: { align: 'auto', cellOptions: { type: 'auto' }, filterable: true },
      },
      overrides: overrides,
    },
    options: {
      showHeader: true,
      cellHeight: 'sm',
      footer: { show: false, reducer: ['sum'], fields: '' },
      sortBy: [{ displayName: sortBy, desc: sortDesc }],
    },
    transformations: [
      { id: 'merge', options: {} },
      {
        id: 'organize',
        options: {
          excludeByName: { Time: true } + { [h]: true for h in hidden },
          renameByName: { [c[0]]: c[1] for c in columns if c[0] != c[1] },
          indexByName: { [columns[i][1]]: i for i in std.range(0, std.length(columns) - 1) },
        },
      },
      { id: 'sortBy', options: { sort: [{ field: sortBy, desc: sortDesc }] } },
    ],
  },
}
