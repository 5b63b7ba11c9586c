module go-scanner

go 1.19

require vigil v0.0.0

replace vigil => ../../bindings/go
