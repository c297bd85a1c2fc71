package v1

import (
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/field"
)

// TEMPORARY until corev1.ValidatePodTemplateSpec lands.
func validatePodTemplateSpec(t *corev1.PodTemplateSpec, p *field.Path) field.ErrorList { return nil }
