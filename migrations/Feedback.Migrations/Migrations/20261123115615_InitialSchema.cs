using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Feedback.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "asp_net_roles",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    concurrency_stamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asp_net_roles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "asp_net_users",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    display_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    is_disabled = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_login_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    password_hash = table.Column<string>(type: "text", nullable: true),
                    security_stamp = table.Column<string>(type: "text", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "text", nullable: true),
                    phone_number = table.Column<string>(type: "text", nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    lockout_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    access_failed_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asp_net_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "projects",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    modality = table.Column<int>(type: "integer", nullable: false),
                    guidelines_markdown = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    votes_per_comparison = table.Column<int>(type: "integer", nullable: false),
                    gold_rate = table.Column<double>(type: "double precision", nullable: false),
                    assignment_policy = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by_id = table.Column<string>(type: "text", nullable: true),
                    is_archived = table.Column<bool>(type: "boolean", nullable: false),
                    sampling_diffusion_steps = table.Column<int>(type: "integer", nullable: false),
                    sampling_guidance_scale = table.Column<double>(type: "double precision", nullable: false),
                    sampling_max_new_tokens = table.Column<int>(type: "integer", nullable: false),
                    sampling_temperature = table.Column<double>(type: "double precision", nullable: false),
                    sampling_top_k = table.Column<int>(type: "integer", nullable: false),
                    sampling_top_p = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_projects", x => x.id);
                    table.CheckConstraint("ck_projects_gold_rate", "gold_rate >= 0 AND gold_rate <= 1");
                    table.CheckConstraint("ck_projects_votes_per_comparison", "votes_per_comparison BETWEEN 1 AND 50");
                });

            migrationBuilder.CreateTable(
                name: "asp_net_role_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    role_id = table.Column<string>(type: "text", nullable: false),
                    claim_type = table.Column<string>(type: "text", nullable: true),
                    claim_value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asp_net_role_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_asp_net_role_claims_asp_net_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "asp_net_roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "asp_net_user_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    claim_type = table.Column<string>(type: "text", nullable: true),
                    claim_value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asp_net_user_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_asp_net_user_claims_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "asp_net_user_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    provider_key = table.Column<string>(type: "text", nullable: false),
                    provider_display_name = table.Column<string>(type: "text", nullable: true),
                    user_id = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asp_net_user_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "fk_asp_net_user_logins_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "asp_net_user_roles",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "text", nullable: false),
                    role_id = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asp_net_user_roles", x => new { x.user_id, x.role_id });
                    table.ForeignKey(
                        name: "fk_asp_net_user_roles_asp_net_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "asp_net_roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_asp_net_user_roles_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "asp_net_user_tokens",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "text", nullable: false),
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asp_net_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "fk_asp_net_user_tokens_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "prompts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    text = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    earlier_turns = table.Column<string>(type: "jsonb", nullable: false),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    is_held_out = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_prompts", x => x.id);
                    table.ForeignKey(
                        name: "fk_prompts_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "snapshots",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    filter_json = table.Column<string>(type: "jsonb", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    vote_count = table.Column<int>(type: "integer", nullable: false),
                    created_by_id = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_snapshots", x => x.id);
                    table.ForeignKey(
                        name: "fk_snapshots_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assignment_leases",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    comparison_id = table.Column<long>(type: "bigint", nullable: false),
                    rater_id = table.Column<string>(type: "text", nullable: false),
                    shown_order = table.Column<long[]>(type: "bigint[]", nullable: false),
                    shown_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assignment_leases", x => x.id);
                    table.ForeignKey(
                        name: "fk_assignment_leases_asp_net_users_rater_id",
                        column: x => x.rater_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "candidates",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    prompt_id = table.Column<long>(type: "bigint", nullable: false),
                    modality = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: true),
                    image_path = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    image_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    checkpoint_id = table.Column<long>(type: "bigint", nullable: true),
                    sampling_parameters_json = table.Column<string>(type: "jsonb", nullable: true),
                    seed = table.Column<long>(type: "bigint", nullable: true),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_candidates", x => x.id);
                    table.CheckConstraint("ck_candidates_content", "(modality = 0 AND text IS NOT NULL) OR (modality = 1 AND image_path IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_candidates_prompts_prompt_id",
                        column: x => x.prompt_id,
                        principalTable: "prompts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "comparisons",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    prompt_id = table.Column<long>(type: "bigint", nullable: false),
                    votes_wanted_override = table.Column<int>(type: "integer", nullable: true),
                    is_gold = table.Column<bool>(type: "boolean", nullable: false),
                    gold_preferred_candidate_id = table.Column<long>(type: "bigint", nullable: true),
                    model_uncertainty = table.Column<double>(type: "double precision", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    is_retired = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_comparisons", x => x.id);
                    table.CheckConstraint("ck_comparisons_votes_wanted_override", "votes_wanted_override IS NULL OR votes_wanted_override BETWEEN 1 AND 50");
                    table.ForeignKey(
                        name: "fk_comparisons_candidates_gold_preferred_candidate_id",
                        column: x => x.gold_preferred_candidate_id,
                        principalTable: "candidates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_comparisons_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_comparisons_prompts_prompt_id",
                        column: x => x.prompt_id,
                        principalTable: "prompts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "comparison_candidates",
                columns: table => new
                {
                    comparison_id = table.Column<long>(type: "bigint", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    candidate_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_comparison_candidates", x => new { x.comparison_id, x.position });
                    table.ForeignKey(
                        name: "fk_comparison_candidates_candidates_candidate_id",
                        column: x => x.candidate_id,
                        principalTable: "candidates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_comparison_candidates_comparisons_comparison_id",
                        column: x => x.comparison_id,
                        principalTable: "comparisons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "comparison_passes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    comparison_id = table.Column<long>(type: "bigint", nullable: false),
                    rater_id = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_comparison_passes", x => x.id);
                    table.CheckConstraint("ck_comparison_passes_flag_reason", "kind <> 1 OR reason IS NOT NULL");
                    table.ForeignKey(
                        name: "fk_comparison_passes_asp_net_users_rater_id",
                        column: x => x.rater_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_comparison_passes_comparisons_comparison_id",
                        column: x => x.comparison_id,
                        principalTable: "comparisons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "votes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    comparison_id = table.Column<long>(type: "bigint", nullable: false),
                    rater_id = table.Column<string>(type: "text", nullable: false),
                    client_vote_id = table.Column<Guid>(type: "uuid", nullable: false),
                    choice = table.Column<int>(type: "integer", nullable: true),
                    ranking = table.Column<long[]>(type: "bigint[]", nullable: true),
                    strength = table.Column<int>(type: "integer", nullable: true),
                    rationale = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    shown_order = table.Column<long[]>(type: "bigint[]", nullable: false),
                    shown_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_votes", x => x.id);
                    table.CheckConstraint("ck_votes_choice_or_ranking", "(choice IS NULL) <> (ranking IS NULL)");
                    table.CheckConstraint("ck_votes_shown_order", "cardinality(shown_order) >= 2");
                    table.ForeignKey(
                        name: "fk_votes_asp_net_users_rater_id",
                        column: x => x.rater_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_votes_comparisons_comparison_id",
                        column: x => x.comparison_id,
                        principalTable: "comparisons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "snapshot_votes",
                columns: table => new
                {
                    snapshot_id = table.Column<long>(type: "bigint", nullable: false),
                    vote_id = table.Column<long>(type: "bigint", nullable: false),
                    split = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_snapshot_votes", x => new { x.snapshot_id, x.vote_id });
                    table.ForeignKey(
                        name: "fk_snapshot_votes_snapshots_snapshot_id",
                        column: x => x.snapshot_id,
                        principalTable: "snapshots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_snapshot_votes_votes_vote_id",
                        column: x => x.vote_id,
                        principalTable: "votes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "checkpoints",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    modality = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    project_id = table.Column<long>(type: "bigint", nullable: true),
                    path = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    metrics_json = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    status_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    parent_id = table.Column<long>(type: "bigint", nullable: true),
                    training_run_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    promoted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_checkpoints", x => x.id);
                    table.ForeignKey(
                        name: "fk_checkpoints_checkpoints_parent_id",
                        column: x => x.parent_id,
                        principalTable: "checkpoints",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_checkpoints_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "training_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    snapshot_id = table.Column<long>(type: "bigint", nullable: true),
                    base_checkpoint_id = table.Column<long>(type: "bigint", nullable: true),
                    hyperparameters_json = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    hangfire_job_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    step = table.Column<int>(type: "integer", nullable: false),
                    total_steps = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    created_by_id = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_runs", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_runs_checkpoints_base_checkpoint_id",
                        column: x => x.base_checkpoint_id,
                        principalTable: "checkpoints",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_training_runs_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_training_runs_snapshots_snapshot_id",
                        column: x => x.snapshot_id,
                        principalTable: "snapshots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_asp_net_role_claims_role_id",
                table: "asp_net_role_claims",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "role_name_index",
                table: "asp_net_roles",
                column: "normalized_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_asp_net_user_claims_user_id",
                table: "asp_net_user_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_asp_net_user_logins_user_id",
                table: "asp_net_user_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_asp_net_user_roles_role_id",
                table: "asp_net_user_roles",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "email_index",
                table: "asp_net_users",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "user_name_index",
                table: "asp_net_users",
                column: "normalized_user_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_assignment_leases_comparison_id_rater_id",
                table: "assignment_leases",
                columns: new[] { "comparison_id", "rater_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_assignment_leases_expires_at",
                table: "assignment_leases",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_assignment_leases_rater_id",
                table: "assignment_leases",
                column: "rater_id");

            migrationBuilder.CreateIndex(
                name: "ix_candidates_checkpoint_id",
                table: "candidates",
                column: "checkpoint_id");

            migrationBuilder.CreateIndex(
                name: "ix_candidates_prompt_id",
                table: "candidates",
                column: "prompt_id");

            migrationBuilder.CreateIndex(
                name: "ix_checkpoints_parent_id",
                table: "checkpoints",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_checkpoints_path",
                table: "checkpoints",
                column: "path",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_checkpoints_project_id_kind_status",
                table: "checkpoints",
                columns: new[] { "project_id", "kind", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_checkpoints_training_run_id",
                table: "checkpoints",
                column: "training_run_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_comparison_candidates_candidate_id",
                table: "comparison_candidates",
                column: "candidate_id");

            migrationBuilder.CreateIndex(
                name: "ix_comparison_candidates_comparison_id_candidate_id",
                table: "comparison_candidates",
                columns: new[] { "comparison_id", "candidate_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_comparison_passes_comparison_id_rater_id",
                table: "comparison_passes",
                columns: new[] { "comparison_id", "rater_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_comparison_passes_kind_created_at",
                table: "comparison_passes",
                columns: new[] { "kind", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_comparison_passes_rater_id",
                table: "comparison_passes",
                column: "rater_id");

            migrationBuilder.CreateIndex(
                name: "ix_comparisons_gold_preferred_candidate_id",
                table: "comparisons",
                column: "gold_preferred_candidate_id");

            migrationBuilder.CreateIndex(
                name: "ix_comparisons_project_id_is_retired_created_at",
                table: "comparisons",
                columns: new[] { "project_id", "is_retired", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_comparisons_prompt_id",
                table: "comparisons",
                column: "prompt_id");

            migrationBuilder.CreateIndex(
                name: "ix_projects_name",
                table: "projects",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_prompts_project_id_is_held_out",
                table: "prompts",
                columns: new[] { "project_id", "is_held_out" });

            migrationBuilder.CreateIndex(
                name: "ix_snapshot_votes_vote_id",
                table: "snapshot_votes",
                column: "vote_id");

            migrationBuilder.CreateIndex(
                name: "ix_snapshots_project_id_created_at",
                table: "snapshots",
                columns: new[] { "project_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_training_runs_base_checkpoint_id",
                table: "training_runs",
                column: "base_checkpoint_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_runs_project_id_created_at",
                table: "training_runs",
                columns: new[] { "project_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_training_runs_snapshot_id",
                table: "training_runs",
                column: "snapshot_id");

            migrationBuilder.CreateIndex(
                name: "ix_votes_client_vote_id",
                table: "votes",
                column: "client_vote_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_votes_comparison_id_rater_id",
                table: "votes",
                columns: new[] { "comparison_id", "rater_id" });

            migrationBuilder.CreateIndex(
                name: "ix_votes_rater_id_answered_at",
                table: "votes",
                columns: new[] { "rater_id", "answered_at" });

            migrationBuilder.AddForeignKey(
                name: "fk_assignment_leases_comparisons_comparison_id",
                table: "assignment_leases",
                column: "comparison_id",
                principalTable: "comparisons",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_candidates_checkpoints_checkpoint_id",
                table: "candidates",
                column: "checkpoint_id",
                principalTable: "checkpoints",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_checkpoints_training_runs_training_run_id",
                table: "checkpoints",
                column: "training_run_id",
                principalTable: "training_runs",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            // Votes are raw and immutable: the database itself refuses to change or remove one.
            migrationBuilder.Sql("""
                CREATE FUNCTION refuse_vote_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'votes are immutable: % on vote % refused', TG_OP, OLD.id USING ERRCODE = 'integrity_constraint_violation';
                END $$;
                CREATE TRIGGER votes_are_immutable BEFORE UPDATE OR DELETE ON votes
                    FOR EACH ROW EXECUTE FUNCTION refuse_vote_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS votes_are_immutable ON votes; DROP FUNCTION IF EXISTS refuse_vote_change();");

            migrationBuilder.DropForeignKey(
                name: "fk_training_runs_checkpoints_base_checkpoint_id",
                table: "training_runs");

            migrationBuilder.DropTable(
                name: "asp_net_role_claims");

            migrationBuilder.DropTable(
                name: "asp_net_user_claims");

            migrationBuilder.DropTable(
                name: "asp_net_user_logins");

            migrationBuilder.DropTable(
                name: "asp_net_user_roles");

            migrationBuilder.DropTable(
                name: "asp_net_user_tokens");

            migrationBuilder.DropTable(
                name: "assignment_leases");

            migrationBuilder.DropTable(
                name: "comparison_candidates");

            migrationBuilder.DropTable(
                name: "comparison_passes");

            migrationBuilder.DropTable(
                name: "snapshot_votes");

            migrationBuilder.DropTable(
                name: "asp_net_roles");

            migrationBuilder.DropTable(
                name: "votes");

            migrationBuilder.DropTable(
                name: "asp_net_users");

            migrationBuilder.DropTable(
                name: "comparisons");

            migrationBuilder.DropTable(
                name: "candidates");

            migrationBuilder.DropTable(
                name: "prompts");

            migrationBuilder.DropTable(
                name: "checkpoints");

            migrationBuilder.DropTable(
                name: "training_runs");

            migrationBuilder.DropTable(
                name: "snapshots");

            migrationBuilder.DropTable(
                name: "projects");
        }
    }
}
