// Package registry holds the Registry of kinds: for each kind its group,
// version and kind, plural resource and short names, scope, defaulting,
// validation, create/update strategy, field selectors, subresources and
// table columns.
//
// A Registry is a value: there is no global registry and no init()
// registration. The built-in kinds register through the same public API a
// product uses for its own kinds:
//
//	r := registry.New()
//	err := registry.Add(r, registry.Type[*GameServer]{
//		Group: "games.example.com", Version: "v1", Kind: "GameServer",
//		Namespaced: true,
//		New:        func() *GameServer { return &GameServer{} },
//		NewList:    func() meta.ListObject { return &GameServerList{} },
//		Validate:   validateGameServer,
//	})
//
// The API server drives a Kind through its lifecycle in this order:
// on create Default, PrepareForCreate, Validate; on update Default,
// PrepareForUpdate (or PrepareForStatusUpdate for the status subresource),
// ValidateUpdate.
package registry
