package apiserver

import (
	"net/http"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/apiserver/openapi"
)

// buildOpenAPI builds the /openapi/v3 documents of the registry. A failure
// is logged and the documents answer 503, so kubectl reports it clearly.
func (s *Server) buildOpenAPI() http.Handler {
	spec, err := openapi.Build(s.reg)
	if err != nil {
		s.log.Error("building the OpenAPI documents", "err", err)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeError(w, apierrors.NewServiceUnavailable("the OpenAPI documents could not be built: "+err.Error()))
		})
	}
	return openapi.NewHandler(spec)
}
