package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gantryhq/gantry/sdk/apiserver"
)

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			v := apiserver.DefaultVersion()
			fmt.Fprintf(cmd.OutOrStdout(), "gantry %s (Kubernetes API %s.%s, %s, %s)\n", v.GitVersion, v.Major, v.Minor, v.GoVersion, v.Platform)
			return nil
		},
	}
}
