package catalog

import (
	"encoding/json"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// KernelOption is a kernel build option, without its CONFIG_ prefix, and the
// names it had before it was renamed: a kernel that sets any of them has it.
// Its text form in YAML and JSON is the names joined by "|"
// ("IP_NF_TARGET_MASQUERADE|NETFILTER_XT_TARGET_MASQUERADE").
type KernelOption struct {
	Name    string
	Aliases []string
}

// kernelOption reads the text form. Each name is checked when the catalog
// is validated, so that the error can say where it is.
func kernelOption(s string) KernelOption {
	names := strings.Split(s, "|")
	o := KernelOption{Name: names[0]}
	if len(names) > 1 {
		o.Aliases = names[1:]
	}
	return o
}

// Names lists the option's name, then its aliases.
func (o KernelOption) Names() []string {
	return append([]string{o.Name}, o.Aliases...)
}

// String is the text form, "NAME|ALIAS...".
func (o KernelOption) String() string {
	return strings.Join(o.Names(), "|")
}

// UnmarshalYAML reads the text form.
func (o *KernelOption) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return err
	}
	*o = kernelOption(s)
	return nil
}

// MarshalYAML writes the text form.
func (o KernelOption) MarshalYAML() (any, error) { return o.String(), nil }

// UnmarshalJSON reads the text form.
func (o *KernelOption) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*o = kernelOption(s)
	return nil
}

// MarshalJSON writes the text form.
func (o KernelOption) MarshalJSON() ([]byte, error) { return json.Marshal(o.String()) }

// all lists every option the requirement names, required or recommended.
func (k *KernelReq) all() []KernelOption {
	return slices.Concat(k.Require, k.RequireOnV1, k.Recommend)
}

// KernelOptions lists every kernel option name and alias that a role of the
// catalog requires or recommends, sorted and once each: the options a probe
// must look for in the kernel's config for the catalog to be judged.
func (c *Catalog) KernelOptions() []string {
	var names []string
	for _, d := range c.Distros {
		for _, r := range d.Roles {
			if r.Kernel == nil {
				continue
			}
			for _, o := range r.Kernel.all() {
				names = append(names, o.Names()...)
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}
