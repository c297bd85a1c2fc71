package runtime

import (
	"github.com/gantryhq/gantry/scheduler/framework"
)

// MergePlugins applies custom (a profile's plugin changes) to defaults, as
// KubeSchedulerConfiguration v1 defaulting does: per extension point, a
// default disabled by name (or all of them with "*") is dropped; a default
// enabled again in custom is replaced in place (keeping its position, with
// custom's weight); the other custom plugins are appended. A nil custom
// returns a copy of defaults.
func MergePlugins(defaults, custom *framework.Plugins) *framework.Plugins {
	if defaults == nil {
		defaults = &framework.Plugins{}
	}
	if custom == nil {
		cp := *defaults
		return &cp
	}
	out := &framework.Plugins{}
	for _, p := range pointsOf(out, defaults, custom) {
		*p.out = mergePluginSet(*p.def, *p.custom)
	}
	return out
}

type pointTriple struct {
	out, def, custom *framework.PluginSet
}

func pointsOf(out, d, c *framework.Plugins) []pointTriple {
	return []pointTriple{
		{&out.PreEnqueue, &d.PreEnqueue, &c.PreEnqueue},
		{&out.QueueSort, &d.QueueSort, &c.QueueSort},
		{&out.PreFilter, &d.PreFilter, &c.PreFilter},
		{&out.Filter, &d.Filter, &c.Filter},
		{&out.PostFilter, &d.PostFilter, &c.PostFilter},
		{&out.PreScore, &d.PreScore, &c.PreScore},
		{&out.Score, &d.Score, &c.Score},
		{&out.Reserve, &d.Reserve, &c.Reserve},
		{&out.Permit, &d.Permit, &c.Permit},
		{&out.PreBind, &d.PreBind, &c.PreBind},
		{&out.Bind, &d.Bind, &c.Bind},
		{&out.PostBind, &d.PostBind, &c.PostBind},
		{&out.MultiPoint, &d.MultiPoint, &c.MultiPoint},
	}
}

func mergePluginSet(def, custom framework.PluginSet) framework.PluginSet {
	disabled := map[string]bool{}
	var out framework.PluginSet
	for _, p := range custom.Disabled {
		out.Disabled = append(out.Disabled, framework.PluginRef{Name: p.Name})
		disabled[p.Name] = true
	}
	for _, p := range def.Disabled {
		out.Disabled = append(out.Disabled, framework.PluginRef{Name: p.Name})
		disabled[p.Name] = true
	}
	customIndex := map[string]int{}
	for i, p := range custom.Enabled {
		customIndex[p.Name] = i
	}
	replaced := map[int]bool{}
	if !disabled["*"] {
		for _, p := range def.Enabled {
			if disabled[p.Name] {
				continue
			}
			if i, ok := customIndex[p.Name]; ok {
				p = custom.Enabled[i]
				replaced[i] = true
			}
			out.Enabled = append(out.Enabled, p)
		}
	}
	for i, p := range custom.Enabled {
		if !replaced[i] {
			out.Enabled = append(out.Enabled, p)
		}
	}
	return out
}
