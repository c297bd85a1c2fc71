package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/gantryhq/gantry/sdk/api/builtin"
	"github.com/gantryhq/gantry/sdk/api/codec"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

func newValidateCommand() *cobra.Command {
	var files []string
	cmd := &cobra.Command{
		Use:   "validate -f FILE...",
		Short: "Decode, default and validate manifests offline, as the API server would",
		Long: "Decode (strictly: unknown fields are errors), default and validate every object of\n" +
			"the given YAML or JSON manifests (\"-\" reads stdin), without a server. Exits non-zero\n" +
			"when any object is invalid, printing every problem with its field path.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(files) == 0 {
				return fmt.Errorf("no manifest given: use -f FILE (or -f - for stdin)")
			}
			reg, err := builtin.NewRegistry()
			if err != nil {
				return err
			}
			bad := 0
			for _, f := range files {
				var data []byte
				if f == "-" {
					data, err = io.ReadAll(cmd.InOrStdin())
				} else {
					data, err = os.ReadFile(f)
				}
				if err != nil {
					return err
				}
				objs, err := codec.DecodeAll(reg, data)
				if err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "%s: %v\n", f, err)
					bad++
					continue
				}
				for _, obj := range objs {
					k, _ := reg.KindForObject(obj)
					m := obj.GetObjectMeta()
					if k.Namespaced() && m.Namespace == "" {
						m.Namespace = "default"
					}
					k.Default(obj)
					name := m.Name
					if name == "" && m.GenerateName != "" {
						m.Name = m.GenerateName + "xxxxx"
						name = m.GenerateName
					}
					if errs := k.Validate(obj); len(errs) > 0 {
						fmt.Fprintf(cmd.ErrOrStderr(), "%s: %v\n", f, apierrors.NewInvalid(k.GVK().Group, k.GVK().Kind, name, errs))
						bad++
						continue
					}
					fmt.Fprintf(cmd.OutOrStdout(), "%s: %s %q is valid\n", f, k.GVK().Kind, name)
				}
			}
			if bad > 0 {
				return fmt.Errorf("%d invalid object(s)", bad)
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVarP(&files, "filename", "f", nil, "manifest files (YAML or JSON, multi-document); - for stdin")
	return cmd
}
