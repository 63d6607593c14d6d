package main

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// placeArgs tells an option's value from an argument by the option's name
// alone, before it knows the command: a name must take a value everywhere
// or nowhere.
func TestFlagNamesAgree(t *testing.T) {
	assert.NoError(t, flagMismatch(newApp(io.Discard, io.Discard)))
}

func TestPlaceArgs(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"options before the command go after it", []string{"kfit", "--distro", "k3s:server", "check", "--host", "f.json"},
			[]string{"kfit", "check", "--distro", "k3s:server", "--host", "f.json"}},
		{"a short option and its value move together", []string{"kfit", "-o", "json", "probe"}, []string{"kfit", "probe", "-o", "json"}},
		{"options after the arguments come before them", []string{"kfit", "plan", "a.json", "--distro", "k3s", "b.json"},
			[]string{"kfit", "plan", "--distro", "k3s", "--", "a.json", "b.json"}},
		{"a value that looks like a command stays a value", []string{"kfit", "--distro", "check"}, []string{"kfit", "--distro", "check"}},
		{"a value with = is one token", []string{"kfit", "--output=json", "probe"}, []string{"kfit", "probe", "--output=json"}},
		{"a negative number is a value", []string{"kfit", "check", "--cpus", "-1"}, []string{"kfit", "check", "--cpus", "-1"}},
		{"a bool option takes no value", []string{"kfit", "--strict", "check"}, []string{"kfit", "check", "--strict"}},
		{"after -- everything is an argument", []string{"kfit", "plan", "--", "-a.json", "--distro"}, []string{"kfit", "plan", "--", "-a.json", "--distro"}},
		{"no command: the options stay the default command's", []string{"kfit", "--strict", "chek"}, []string{"kfit", "--strict", "--", "chek"}},
		{"help", []string{"kfit", "help"}, []string{"kfit", "--help"}},
		{"help with a command", []string{"kfit", "help", "plan"}, []string{"kfit", "plan", "--help"}},
	}
	app := newApp(io.Discard, io.Discard)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := placeArgs(app, tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
