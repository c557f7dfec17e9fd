//! The seed pipeline as the document writes it, defects included, so the validator's findings on it can
//! be pinned. Each function rebuilds one file of the seed; `tests/seed.rs` proves that the model equals
//! the one read from the seed's YAML.
//!
//! Nothing here is a pattern to copy: see `fixed.rs` for the corrected pipeline.

use super::script;
use pipeline_sdk::model::{
    Action, ActionInput, ActionOutput, Container, Environment, Input, Job, Matrix, Step, Strategy,
    Trigger, Value, Workflow,
};

/// `.github/workflows/ci-cd.yml`: quality gate, Docker build, scan, staging and blue-green production
/// deploys, chaos tests and monitoring.
pub(crate) fn ci_cd() -> Workflow {
    Workflow::new("🚀 CI/CD Pipeline")
        .on(Trigger::push().branches(["main", "develop"]))
        .on(Trigger::pull_request().branches(["main"]))
        .on(Trigger::workflow_dispatch().input(
            "environment",
            Input::choice(["staging", "production"])
                .description("Environment to deploy")
                .required(true)
                .default("staging"),
        ))
        .env("NODE_VERSION", "18")
        .env("DOCKER_REGISTRY", "ghcr.io")
        .env("IMAGE_NAME", "${{ github.repository }}")
        .job("quality-gate", quality_gate())
        .job("build", build())
        .job("security-scan", security_scan())
        .job("deploy-staging", deploy_staging())
        .job("deploy-production", deploy_production())
        .job("chaos-testing", chaos_testing())
        .job("monitoring-setup", monitoring_setup())
}

fn quality_gate() -> Job {
    let backend = "steps.changes.outputs.backend == 'true'";
    Job::new("ubuntu-latest")
        .output("version", "${{ steps.version.outputs.version }}")
        // Defect: dorny/paths-filter has no `should-deploy` output, so `build` never runs.
        .output(
            "should-deploy",
            "${{ steps.changes.outputs.should-deploy }}",
        )
        .step(
            Step::uses("actions/checkout@v4")
                .name("📥 Checkout Code")
                .with("fetch-depth", 0),
        )
        .step(
            Step::uses("dorny/paths-filter@v2")
                .name("🔍 Detect Changes")
                .id("changes")
                .with(
                    "filters",
                    script(&[
                        "backend:",
                        "  - 'src/**'",
                        "  - 'package.json'",
                        "  - 'Dockerfile'",
                        "frontend:",
                        "  - 'client/**'",
                        "docs:",
                        "  - 'docs/**'",
                        "  - '*.md'",
                        "  ",
                    ]),
                ),
        )
        .step(
            Step::uses("actions/setup-node@v4")
                .name("📦 Setup Node.js")
                .if_(backend)
                .with("node-version", "${{ env.NODE_VERSION }}")
                .with("cache", "npm"),
        )
        .step(
            Step::run("npm ci --prefer-offline --no-audit\n")
                .name("📋 Install Dependencies")
                .if_(backend),
        )
        .step(
            Step::run(script(&[
                "# Linting",
                "npm run lint",
                "",
                "# Type checking",
                "npm run type-check",
                "",
                "# Security audit",
                "npm audit --audit-level=moderate",
                "",
                "# Code formatting",
                "npm run format:check",
            ]))
            .name("🧹 Code Quality Checks")
            .if_(backend),
        )
        .step(
            // Defect: a script downloaded with curl runs in a shell, unverified.
            Step::run(script(&[
                "# Unit tests",
                "npm run test:unit -- --coverage",
                "",
                "# Integration tests",
                "npm run test:integration",
                "",
                "# Upload coverage",
                "bash <(curl -s https://codecov.io/bash)",
            ]))
            .name("🧪 Run Tests")
            .if_(backend),
        )
        .step(
            // Defects: `github.sha:0:7` is shell substring syntax inside an expression, and the ref name
            // is pasted into the script.
            Step::run(script(&[
                "if [[ \"${{ github.ref }}\" == \"refs/heads/main\" ]]; then",
                "  VERSION=$(date +%Y.%m.%d)-${{ github.sha:0:7 }}",
                "else",
                "  VERSION=${{ github.ref_name }}-${{ github.sha:0:7 }}",
                "fi",
                "echo \"version=$VERSION\" >> $GITHUB_OUTPUT",
                "echo \"Generated version: $VERSION\"",
            ]))
            .name("🏷️ Generate Version")
            .id("version"),
        )
}

fn build() -> Job {
    let image = "${{ env.DOCKER_REGISTRY }}/${{ env.IMAGE_NAME }}";
    Job::new("ubuntu-latest")
        .needs("quality-gate")
        .if_("needs.quality-gate.outputs.should-deploy == 'true'")
        .step(Step::uses("actions/checkout@v4").name("📥 Checkout"))
        .step(Step::uses("docker/setup-buildx-action@v3").name("🐳 Set up Docker Buildx"))
        .step(
            Step::uses("docker/login-action@v3")
                .name("🔐 Login to Container Registry")
                .with("registry", "${{ env.DOCKER_REGISTRY }}")
                .with("username", "${{ github.actor }}")
                .with("password", "${{ secrets.GITHUB_TOKEN }}"),
        )
        .step(
            Step::uses("docker/build-push-action@v5")
                .name("🏗️ Build and Push Docker Image")
                .with("context", ".")
                .with("file", "./Dockerfile")
                .with("push", true)
                .with(
                    "tags",
                    script(&[
                        &format!("{image}:${{{{ needs.quality-gate.outputs.version }}}}"),
                        &format!("{image}:latest"),
                    ]),
                )
                .with("cache-from", "type=gha")
                .with("cache-to", "type=gha,mode=max")
                .with(
                    "build-args",
                    script(&[
                        "VERSION=${{ needs.quality-gate.outputs.version }}",
                        "BUILD_DATE=${{ github.event.head_commit.timestamp }}",
                        "GIT_SHA=${{ github.sha }}",
                    ]),
                ),
        )
}

fn security_scan() -> Job {
    Job::new("ubuntu-latest")
        // Defect: reads `needs.quality-gate` but needs only `build`.
        .needs("build")
        .step(
            Step::uses("aquasecurity/trivy-action@master")
                .name("🔍 Run Trivy vulnerability scanner")
                .with(
                    "image-ref",
                    "${{ env.DOCKER_REGISTRY }}/${{ env.IMAGE_NAME }}:${{ needs.quality-gate.outputs.version }}",
                )
                .with("format", "sarif")
                .with("output", "trivy-results.sarif"),
        )
        .step(
            Step::uses("github/codeql-action/upload-sarif@v2")
                .name("📊 Upload Trivy scan results")
                .with("sarif_file", "trivy-results.sarif"),
        )
}

fn deploy_staging() -> Job {
    Job::new("ubuntu-latest")
        .needs_all(["quality-gate", "build", "security-scan"])
        .if_("github.ref == 'refs/heads/develop'")
        .environment(Environment::new("staging").url("https://staging.example.com"))
        .step(
            // Defects: no checkout before a local action, an input the action does not have, and its
            // required `health-check-url` left out.
            Step::uses("./.github/actions/deploy")
                .name("🚀 Deploy to Staging")
                .with("environment", "staging")
                .with("image-tag", "${{ needs.quality-gate.outputs.version }}")
                .with("kubernetes-config", "${{ secrets.KUBE_CONFIG_STAGING }}"),
        )
        .step(Step::run("npm run test:e2e -- --env=staging\n").name("🧪 Run E2E Tests"))
        .step(
            Step::run(script(&[
                "# Load testing với k6",
                "docker run --rm -v $PWD:/scripts grafana/k6 run /scripts/load-test.js",
            ]))
            .name("📊 Performance Testing"),
        )
}

fn deploy_production() -> Job {
    // Defect: needs `deploy-staging`, which runs only on develop, while this job runs only on main.
    Job::new("ubuntu-latest")
        .needs_all(["quality-gate", "build", "security-scan", "deploy-staging"])
        .if_("github.ref == 'refs/heads/main'")
        .environment(Environment::new("production").url("https://api.example.com"))
        .step(Step::uses("actions/checkout@v4").name("📥 Checkout"))
        .step(
            // Defect: the repository has no action at this path.
            Step::uses("./.github/actions/kubernetes-deploy")
                .name("🔵 Deploy to Blue Environment")
                .id("deploy-blue")
                .with("environment", "production-blue")
                .with("image-tag", "${{ needs.quality-gate.outputs.version }}")
                .with("replicas", 3)
                .with(
                    "resources",
                    script(&[
                        "requests:",
                        "  cpu: 500m",
                        "  memory: 1Gi",
                        "limits:",
                        "  cpu: 1000m",
                        "  memory: 2Gi",
                        "  ",
                    ]),
                ),
        )
        .step(
            Step::run(script(&[
                "# Wait for deployment to be ready",
                "kubectl wait --for=condition=available --timeout=300s deployment/app-blue",
                "",
                "# Health check",
                "for i in {1..30}; do",
                "  if curl -f https://blue.api.example.com/health; then",
                "    echo \"Health check passed\"",
                "    break",
                "  fi",
                "  sleep 10",
                "done",
            ]))
            .name("🔍 Health Check Blue Environment"),
        )
        .step(
            Step::run("npm run test:smoke -- --env=production-blue\n").name("🧪 Smoke Tests on Blue"),
        )
        .step(
            Step::run(script(&[
                "# Switch 10% traffic to blue",
                r#"kubectl patch service app-service -p '{"spec":{"selector":{"version":"blue"}}}'"#,
                r#"kubectl annotate service app-service "traffic.blue=10%""#,
            ]))
            .name("🔄 Switch Traffic to Blue (Canary)")
            .if_("success()"),
        )
        .step(
            Step::run(script(&[
                "# Monitor error rate, latency, throughput",
                "python scripts/monitor-deployment.py --duration=300 --threshold-error-rate=1%",
            ]))
            .name("📊 Monitor Metrics (5 min)"),
        )
        .step(
            Step::run(script(&[
                "# Switch 100% traffic to blue",
                r#"kubectl annotate service app-service "traffic.blue=100%""#,
                "",
                "# Scale down green environment",
                "kubectl scale deployment app-green --replicas=0",
            ]))
            .name("✅ Full Traffic Switch")
            .if_("success()"),
        )
        .step(
            Step::uses("8398a7/action-slack@v3")
                .name("📢 Deployment Notification")
                .if_("always()")
                .with("status", "${{ job.status }}")
                .with("channel", "#deployments")
                .with(
                    "text",
                    script(&[
                        "🚀 Production deployment ${{ job.status }}!",
                        "Version: ${{ needs.quality-gate.outputs.version }}",
                        "Deployed by: ${{ github.actor }}",
                        "Commit: ${{ github.event.head_commit.message }}",
                    ]),
                )
                .env("SLACK_WEBHOOK_URL", "${{ secrets.SLACK_WEBHOOK }}"),
        )
}

fn chaos_testing() -> Job {
    // Defect: runs only on main, but needs `deploy-staging`, which runs only on develop.
    Job::new("ubuntu-latest")
        .needs("deploy-staging")
        .if_("github.ref == 'refs/heads/main'")
        .step(
            Step::run(script(&[
                "pip install chaostoolkit",
                "pip install chaostoolkit-kubernetes",
            ]))
            .name("🐒 Install Chaos Toolkit"),
        )
        .step(
            Step::run(script(&[
                "# CPU stress test",
                "chaos run experiments/cpu-stress.json",
                "",
                "# Memory pressure test  ",
                "chaos run experiments/memory-pressure.json",
                "",
                "# Network latency injection",
                "chaos run experiments/network-latency.json",
                "",
                "# Pod failure simulation",
                "chaos run experiments/pod-failure.json",
            ]))
            .name("🧪 Run Chaos Experiments"),
        )
        .step(
            Step::uses("actions/upload-artifact@v3")
                .name("📊 Chaos Report")
                .if_("always()")
                .with("name", "chaos-engineering-report")
                .with("path", script(&["journal.json", "chaostoolkit.log"])),
        )
}

fn monitoring_setup() -> Job {
    // Defect: reads `needs.quality-gate` but needs only `deploy-production`.
    Job::new("ubuntu-latest")
        .needs("deploy-production")
        .step(
            Step::uses("DataDog/datadog-ci@v2")
                .name("📊 Setup DataDog monitoring")
                .with("api-key", "${{ secrets.DATADOG_API_KEY }}")
                .with("app-key", "${{ secrets.DATADOG_APP_KEY }}"),
        )
        .step(
            Step::run(script(&[
                r#"curl -X POST "https://api.datadoghq.com/api/v1/events" \"#,
                r#"  -H "Content-Type: application/json" \"#,
                r#"  -H "DD-API-KEY: ${{ secrets.DATADOG_API_KEY }}" \"#,
                r#"  -d '{"#,
                r#"    "title": "Production Deployment","#,
                r#"    "text": "Deployed version ${{ needs.quality-gate.outputs.version }}","#,
                r#"    "date_happened": '$(date +%s)',"#,
                r#"    "priority": "normal","#,
                r#"    "tags": ["#,
                r#"      "environment:production","#,
                r#"      "service:api","#,
                r#"      "version:${{ needs.quality-gate.outputs.version }}""#,
                r#"    ],"#,
                r#"    "alert_type": "info""#,
                r#"  }'"#,
                "  ",
            ]))
            .name("🎯 Create deployment marker"),
        )
        .step(
            Step::run(script(&[
                "# Create SLO for 99.9% availability",
                r#"curl -X POST "https://api.datadoghq.com/api/v1/slo" \"#,
                r#"  -H "Content-Type: application/json" \"#,
                r#"  -H "DD-API-KEY: ${{ secrets.DATADOG_API_KEY }}" \"#,
                r#"  -d '{"#,
                r#"    "name": "API Availability SLO","#,
                r#"    "description": "99.9% availability over 30 days","#,
                r#"    "type": "metric","#,
                r#"    "query": {"#,
                r#"      "numerator": "sum:api.requests{status:success}.as_count()","#,
                r#"      "denominator": "sum:api.requests{*}.as_count()""#,
                r#"    },"#,
                r#"    "thresholds": [{"#,
                r#"      "target": 99.9,"#,
                r#"      "timeframe": "30d","#,
                r#"      "warning": 99.95"#,
                r#"    }],"#,
                r#"    "tags": ["service:api", "team:backend"]"#,
                r#"  }'"#,
            ]))
            .name("📈 Setup SLI/SLO monitoring"),
        )
}

/// `.github/workflows/advanced-ci.yml`: the afternoon's matrix, caching and custom-action snippets.
pub(crate) fn advanced_ci() -> Workflow {
    Workflow::new("Advanced CI patterns")
        .on(Trigger::push().branches(["main"]))
        .on(Trigger::pull_request())
        .job("test-matrix", test_matrix())
        .job("optimize-build", optimize_build())
        .job("deploy", deploy())
}

fn test_matrix() -> Job {
    let row = |node: &str, os: &str, database: Option<&str>| {
        let mut row = vec![
            ("node-version", Value::from(node)),
            ("os", Value::from(os)),
            ("env", Value::from("test")),
        ];
        row.extend(database.map(|d| ("database", Value::from(d))));
        row
    };
    let matrix = Matrix::new()
        .include(row("18", "ubuntu-latest", None))
        .include(row("20", "ubuntu-latest", None))
        .include(row("18", "windows-latest", None))
        .include(row("18", "macos-latest", None))
        .include(row("18", "ubuntu-latest", Some("postgresql")))
        .include(row("18", "ubuntu-latest", Some("mysql")));
    // Defect: the service container is declared for every row, Windows and macOS included.
    Job::new("${{ matrix.os }}")
        .strategy(Strategy::matrix(matrix).fail_fast(false))
        .service(
            "postgres",
            Container::new("postgres:15")
                .env("POSTGRES_PASSWORD", "postgres")
                .options("--health-cmd pg_isready --health-interval 10s --health-timeout 5s --health-retries 5"),
        )
        .step(Step::uses("actions/checkout@v4").name("📥 Checkout"))
        .step(
            Step::uses("actions/setup-node@v4")
                .name("📦 Setup Node.js ${{ matrix.node-version }}")
                .with("node-version", "${{ matrix.node-version }}")
                .with("cache", "npm"),
        )
        .step(Step::run("npm ci").name("📋 Install dependencies"))
        .step(
            Step::run(script(&[
                r#"if [[ "${{ matrix.database }}" == "postgresql" ]]; then"#,
                "  npm run db:migrate -- --env=test-postgres",
                r#"elif [[ "${{ matrix.database }}" == "mysql" ]]; then"#,
                "  npm run db:migrate -- --env=test-mysql",
                "fi",
            ]))
            .name("🗄️ Setup Database"),
        )
        .step(
            Step::run("npm run test:integration -- --database=${{ matrix.database }}")
                .name("🧪 Run tests")
                .env("NODE_VERSION", "${{ matrix.node-version }}")
                .env(
                    "DATABASE_URL",
                    "${{ matrix.database == 'postgresql' && 'postgresql://postgres:postgres@localhost:5432/test' || 'mysql://root@localhost:3306/test' }}",
                ),
        )
}

fn optimize_build() -> Job {
    let cache = |name: &str, paths: &[&str], key: &str, prefix: &str| {
        Step::uses("actions/cache@v3")
            .name(name)
            .with("path", script(paths))
            .with("key", key)
            .with("restore-keys", script(&[prefix]))
    };
    Job::new("ubuntu-latest")
        .step(Step::uses("actions/checkout@v4").name("📥 Checkout"))
        .step(cache(
            "📦 Cache dependencies",
            &["~/.npm", "node_modules"],
            "${{ runner.os }}-deps-${{ hashFiles('package-lock.json') }}",
            "${{ runner.os }}-deps-",
        ))
        .step(cache(
            "🏗️ Cache build outputs",
            &["dist/", ".next/cache"],
            "${{ runner.os }}-build-${{ hashFiles('src/**/*') }}",
            "${{ runner.os }}-build-",
        ))
        .step(cache(
            "🧪 Cache test results",
            &["coverage/", ".jest-cache"],
            "${{ runner.os }}-tests-${{ hashFiles('src/**/*.test.*') }}",
            "${{ runner.os }}-tests-",
        ))
        .step(
            Step::uses("docker/setup-buildx-action@v3")
                .name("🐳 Setup Docker cache")
                .with("buildkitd-flags", "--debug"),
        )
        .step(
            Step::uses("docker/build-push-action@v5")
                .name("🏗️ Build with cache")
                .with("context", ".")
                .with("cache-from", "type=gha")
                .with("cache-to", "type=gha,mode=max")
                .with("load", true)
                .with("tags", "app:test"),
        )
}

fn deploy() -> Job {
    // Defect: reads `needs.build`, but has no needs and there is no job `build` in this workflow.
    Job::new("ubuntu-latest").step(
        Step::uses("./.github/actions/deploy")
            .name("🚀 Deploy with rollback")
            .with("environment", "production")
            .with("image-tag", "${{ needs.build.outputs.image-tag }}")
            .with("health-check-url", "https://api.example.com")
            .with("rollback-enabled", true),
    )
}

/// `.github/workflows/infra-security.yml`: Terraform and the security scans.
pub(crate) fn infra_security() -> Workflow {
    Workflow::new("Infrastructure and security")
        .on(Trigger::push().branches(["main"]))
        .on(Trigger::pull_request())
        .job("infrastructure", infrastructure())
        .job("security-pipeline", security_pipeline())
}

fn infrastructure() -> Job {
    Job::new("ubuntu-latest")
        .environment("production")
        .step(Step::uses("actions/checkout@v4").name("📥 Checkout"))
        .step(
            Step::uses("hashicorp/setup-terraform@v2")
                .name("🏗️ Setup Terraform")
                .with("terraform_version", "1.5.0"),
        )
        .step(
            Step::uses("aws-actions/configure-aws-credentials@v2")
                .name("🔐 Configure AWS credentials")
                .with("role-to-assume", "${{ secrets.AWS_ROLE_ARN }}")
                .with("aws-region", "us-east-1"),
        )
        .step(
            Step::run("terraform init -backend-config=\"bucket=${{ secrets.TF_STATE_BUCKET }}\"\n")
                .name("📋 Terraform Init"),
        )
        .step(
            // Defect: `-detailed-exitcode` exits 2 when there are changes, which fails the step.
            Step::run("terraform plan -detailed-exitcode -var-file=\"prod.tfvars\"\n")
                .name("📊 Terraform Plan")
                .id("plan"),
        )
        .step(
            Step::uses("actions/github-script@v6")
                .name("💬 Comment PR with Plan")
                .if_("github.event_name == 'pull_request'")
                .with(
                    "script",
                    script(&[
                        "const output = `#### Terraform Plan 📋",
                        "",
                        "<details><summary>Show Plan</summary>",
                        "",
                        r"\`\`\`terraform",
                        "${{ steps.plan.outputs.stdout }}",
                        r"\`\`\`",
                        "",
                        "</details>",
                        "",
                        r"*Pusher: @${{ github.actor }}, Action: \`${{ github.event_name }}\`*`;",
                        "",
                        "github.rest.issues.createComment({",
                        "  issue_number: context.issue.number,",
                        "  owner: context.repo.owner,",
                        "  repo: context.repo.repo,",
                        "  body: output",
                        "})",
                    ]),
                ),
        )
        .step(
            Step::run("terraform apply -auto-approve -var-file=\"prod.tfvars\"\n")
                .name("🚀 Terraform Apply")
                .if_("github.ref == 'refs/heads/main' && steps.plan.outputs.exitcode == 2"),
        )
}

fn security_pipeline() -> Job {
    Job::new("ubuntu-latest")
        .step(Step::uses("actions/checkout@v4").name("📥 Checkout"))
        .step(
            Step::uses("github/codeql-action/init@v2")
                .name("🔍 CodeQL Analysis")
                .with("languages", "javascript, typescript"),
        )
        .step(Step::uses("github/codeql-action/analyze@v2").name("🔍 Run CodeQL Analysis"))
        .step(
            Step::uses("snyk/actions/node@master")
                .name("🔍 Snyk dependency scan")
                .env("SNYK_TOKEN", "${{ secrets.SNYK_TOKEN }}")
                .with("args", "--severity-threshold=high"),
        )
        .step(
            Step::uses("zaproxy/action-full-scan@v0.4.0")
                .name("🔍 OWASP ZAP Scan")
                .with("target", "https://staging.example.com")
                .with("rules_file_name", ".zap/rules.tsv")
                .with("cmd_options", "-a"),
        )
        .step(
            Step::uses("aquasecurity/tfsec-action@v1.0.0")
                .name("🔍 Terraform security scan")
                .with("soft_fail", true),
        )
        .step(
            // Defect: `env.DOCKER_REGISTRY` and `env.IMAGE_NAME` are set in ci-cd.yml, not here.
            Step::uses("aquasecurity/trivy-action@master")
                .name("🔍 Container image scan")
                .with(
                    "image-ref",
                    "${{ env.DOCKER_REGISTRY }}/${{ env.IMAGE_NAME }}:latest",
                )
                .with("format", "table")
                .with("exit-code", "1")
                .with("ignore-unfixed", true)
                .with("vuln-type", "os,library")
                .with("severity", "CRITICAL,HIGH"),
        )
}

/// `.github/actions/deploy/action.yml`: the Smart Deploy composite action.
pub(crate) fn deploy_action() -> Action {
    Action::composite("Smart Deploy", "Deploy with automatic rollback on failure")
        .input("environment", ActionInput::required("Target environment"))
        .input("image-tag", ActionInput::required("Docker image tag"))
        .input("health-check-url", ActionInput::required("Health check endpoint"))
        .input(
            "rollback-enabled",
            ActionInput {
                description: Some("Enable automatic rollback".into()),
                default: Some(Value::from("true")),
                ..ActionInput::default()
            },
        )
        .output(
            "deployment-url",
            ActionOutput::new("Deployed application URL", "${{ steps.deploy.outputs.url }}"),
        )
        .output(
            "previous-version",
            ActionOutput::new(
                "Previous version for rollback",
                "${{ steps.backup.outputs.version }}",
            ),
        )
        .step(
            Step::run(script(&[
                "CURRENT_VERSION=$(kubectl get deployment app -o jsonpath='{.spec.template.spec.containers[0].image}' | cut -d':' -f2)",
                r#"echo "version=$CURRENT_VERSION" >> $GITHUB_OUTPUT"#,
                r#"echo "Backing up version: $CURRENT_VERSION""#,
            ]))
            .name("📋 Backup current version")
            .id("backup")
            .shell("bash"),
        )
        .step(
            // Defect: inputs are pasted into the script.
            Step::run(script(&[
                "# Update deployment",
                "kubectl set image deployment/app app=${{ inputs.image-tag }}",
                "",
                "# Wait for rollout",
                "kubectl rollout status deployment/app --timeout=300s",
                "",
                "# Get service URL",
                "URL=$(kubectl get service app -o jsonpath='{.status.loadBalancer.ingress[0].hostname}')",
                r#"echo "url=https://$URL" >> $GITHUB_OUTPUT"#,
            ]))
            .name("🚀 Deploy new version")
            .id("deploy")
            .shell("bash"),
        )
        .step(
            Step::run(script(&[
                r#"echo "Checking health at ${{ inputs.health-check-url }}""#,
                "",
                "for i in {1..30}; do",
                "  if curl -f -s ${{ inputs.health-check-url }}/health > /dev/null; then",
                r#"    echo "✅ Health check passed""#,
                "    exit 0",
                "  fi",
                r#"  echo "⏳ Waiting for health check... ($i/30)""#,
                "  sleep 10",
                "done",
                "",
                r#"echo "❌ Health check failed""#,
                "exit 1",
            ]))
            .name("🔍 Health check")
            .shell("bash"),
        )
        .step(
            // Defect: `app:<version>` is not `kubectl set image` syntax (`container=image`).
            Step::run(script(&[
                r#"echo "🚨 Deployment failed, rolling back to ${{ steps.backup.outputs.version }}""#,
                "",
                "# Rollback deployment",
                "kubectl set image deployment/app app:${{ steps.backup.outputs.version }}",
                "kubectl rollout status deployment/app --timeout=300s",
                "",
                "# Verify rollback health",
                "sleep 30",
                "curl -f ${{ inputs.health-check-url }}/health",
                "",
                r#"echo "✅ Rollback completed successfully""#,
            ]))
            .name("🔄 Rollback on failure")
            .if_("failure() && inputs.rollback-enabled == 'true'")
            .shell("bash"),
        )
}
