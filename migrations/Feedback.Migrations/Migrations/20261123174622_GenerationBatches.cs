using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Feedback.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class GenerationBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "sampling_keep_unrated_comparisons",
                table: "projects",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "generation_batches",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    checkpoint_id = table.Column<long>(type: "bigint", nullable: false),
                    opponent_checkpoint_id = table.Column<long>(type: "bigint", nullable: true),
                    comparisons_wanted = table.Column<int>(type: "integer", nullable: false),
                    candidates_per_comparison = table.Column<int>(type: "integer", nullable: false),
                    comparisons_made = table.Column<int>(type: "integer", nullable: false),
                    prompts_skipped = table.Column<int>(type: "integer", nullable: false),
                    settings_json = table.Column<string>(type: "jsonb", nullable: false),
                    seed = table.Column<long>(type: "bigint", nullable: false),
                    requested_by = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    hangfire_job_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    error = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_generation_batches", x => x.id);
                    table.CheckConstraint("ck_generation_batches_candidates", "candidates_per_comparison BETWEEN 2 AND 4");
                    table.CheckConstraint("ck_generation_batches_wanted", "comparisons_wanted > 0");
                    table.ForeignKey(
                        name: "fk_generation_batches_checkpoints_checkpoint_id",
                        column: x => x.checkpoint_id,
                        principalTable: "checkpoints",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_generation_batches_checkpoints_opponent_checkpoint_id",
                        column: x => x.opponent_checkpoint_id,
                        principalTable: "checkpoints",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_generation_batches_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_generation_batches_checkpoint_id",
                table: "generation_batches",
                column: "checkpoint_id");

            migrationBuilder.CreateIndex(
                name: "ix_generation_batches_opponent_checkpoint_id",
                table: "generation_batches",
                column: "opponent_checkpoint_id");

            migrationBuilder.CreateIndex(
                name: "ix_generation_batches_project_id_created_at",
                table: "generation_batches",
                columns: new[] { "project_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "generation_batches");

            migrationBuilder.DropColumn(
                name: "sampling_keep_unrated_comparisons",
                table: "projects");
        }
    }
}
