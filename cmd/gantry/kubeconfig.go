package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

func newKubeconfigCommand() *cobra.Command {
	server := "http://127.0.0.1:6443"
	name := "gantry"
	cmd := &cobra.Command{
		Use:   "kubeconfig",
		Short: "Print a kubeconfig for a Gantry API server",
		Long: "Print a kubeconfig that points kubectl at a Gantry API server.\n\n" +
			"  gantry kubeconfig > ~/.kube/gantry.yaml && export KUBECONFIG=~/.kube/gantry.yaml",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return writeKubeconfig(cmd.OutOrStdout(), server, name)
		},
	}
	cmd.Flags().StringVar(&server, "server", server, "URL of the API server")
	cmd.Flags().StringVar(&name, "name", name, "name of the cluster, user and context")
	return cmd
}

// writeKubeconfig writes a kubeconfig for an unauthenticated loopback server.
func writeKubeconfig(w io.Writer, server, name string) error {
	_, err := fmt.Fprintf(w, `apiVersion: v1
kind: Config
clusters:
- name: %[1]s
  cluster:
    server: %[2]s
users:
- name: %[1]s
  user: {}
contexts:
- name: %[1]s
  context:
    cluster: %[1]s
    user: %[1]s
    namespace: default
current-context: %[1]s
preferences: {}
`, name, server)
	return err
}
