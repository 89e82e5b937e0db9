using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Feedback.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class TrainingLoop : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "cancel_requested",
                table: "training_runs",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "reward_checkpoint_id",
                table: "training_runs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "gate_evaluation_prompts",
                table: "projects",
                type: "integer",
                nullable: false,
                defaultValue: 32);

            migrationBuilder.AddColumn<double>(
                name: "gate_max_kl",
                table: "projects",
                type: "double precision",
                nullable: false,
                defaultValue: 20.0);

            migrationBuilder.AddColumn<double>(
                name: "gate_max_length_drift",
                table: "projects",
                type: "double precision",
                nullable: false,
                defaultValue: 0.5);

            migrationBuilder.AddColumn<double>(
                name: "gate_min_win_rate",
                table: "projects",
                type: "double precision",
                nullable: false,
                defaultValue: 0.55);

            migrationBuilder.CreateTable(
                name: "checkpoint_promotions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    checkpoint_id = table.Column<long>(type: "bigint", nullable: false),
                    previous_checkpoint_id = table.Column<long>(type: "bigint", nullable: true),
                    action = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    by_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_checkpoint_promotions", x => x.id);
                    table.ForeignKey(
                        name: "fk_checkpoint_promotions_checkpoints_checkpoint_id",
                        column: x => x.checkpoint_id,
                        principalTable: "checkpoints",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_checkpoint_promotions_checkpoints_previous_checkpoint_id",
                        column: x => x.previous_checkpoint_id,
                        principalTable: "checkpoints",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_checkpoint_promotions_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "training_metrics",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    training_run_id = table.Column<long>(type: "bigint", nullable: false),
                    step = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_metrics", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_metrics_training_runs_training_run_id",
                        column: x => x.training_run_id,
                        principalTable: "training_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "training_run_logs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    training_run_id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_run_logs", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_run_logs_training_runs_training_run_id",
                        column: x => x.training_run_id,
                        principalTable: "training_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_training_runs_reward_checkpoint_id",
                table: "training_runs",
                column: "reward_checkpoint_id");

            migrationBuilder.CreateIndex(
                name: "ix_checkpoint_promotions_checkpoint_id",
                table: "checkpoint_promotions",
                column: "checkpoint_id");

            migrationBuilder.CreateIndex(
                name: "ix_checkpoint_promotions_previous_checkpoint_id",
                table: "checkpoint_promotions",
                column: "previous_checkpoint_id");

            migrationBuilder.CreateIndex(
                name: "ix_checkpoint_promotions_project_id_at",
                table: "checkpoint_promotions",
                columns: new[] { "project_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_training_metrics_training_run_id_name_step",
                table: "training_metrics",
                columns: new[] { "training_run_id", "name", "step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_training_run_logs_training_run_id_id",
                table: "training_run_logs",
                columns: new[] { "training_run_id", "id" });

            migrationBuilder.AddForeignKey(
                name: "fk_training_runs_checkpoints_reward_checkpoint_id",
                table: "training_runs",
                column: "reward_checkpoint_id",
                principalTable: "checkpoints",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_training_runs_checkpoints_reward_checkpoint_id",
                table: "training_runs");

            migrationBuilder.DropTable(
                name: "checkpoint_promotions");

            migrationBuilder.DropTable(
                name: "training_metrics");

            migrationBuilder.DropTable(
                name: "training_run_logs");

            migrationBuilder.DropIndex(
                name: "ix_training_runs_reward_checkpoint_id",
                table: "training_runs");

            migrationBuilder.DropColumn(
                name: "cancel_requested",
                table: "training_runs");

            migrationBuilder.DropColumn(
                name: "reward_checkpoint_id",
                table: "training_runs");

            migrationBuilder.DropColumn(
                name: "gate_evaluation_prompts",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "gate_max_kl",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "gate_max_length_drift",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "gate_min_win_rate",
                table: "projects");
        }
    }
}
