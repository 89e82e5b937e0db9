using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Feedback.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class RaterReliability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "is_swap_repeat",
                table: "votes",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "reliability_auto_pause_enabled",
                table: "projects",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "reliability_auto_pause_max_side_bias",
                table: "projects",
                type: "double precision",
                nullable: false,
                defaultValue: 0.25);

            migrationBuilder.AddColumn<double>(
                name: "reliability_auto_pause_max_too_fast_share",
                table: "projects",
                type: "double precision",
                nullable: false,
                defaultValue: 0.5);

            migrationBuilder.AddColumn<double>(
                name: "reliability_auto_pause_min_gold_accuracy",
                table: "projects",
                type: "double precision",
                nullable: false,
                defaultValue: 0.6);

            migrationBuilder.AddColumn<double>(
                name: "reliability_auto_pause_min_majority_agreement",
                table: "projects",
                type: "double precision",
                nullable: false,
                defaultValue: 0.4);

            migrationBuilder.AddColumn<int>(
                name: "reliability_auto_pause_min_votes",
                table: "projects",
                type: "integer",
                nullable: false,
                defaultValue: 20);

            migrationBuilder.AddColumn<double>(
                name: "reliability_swap_repeat_rate",
                table: "projects",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "reliability_too_fast_seconds",
                table: "projects",
                type: "double precision",
                nullable: false,
                defaultValue: 2.0);

            migrationBuilder.AddColumn<bool>(
                name: "is_swap_repeat",
                table: "assignment_leases",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "rater_pauses",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    rater_id = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    is_automatic = table.Column<bool>(type: "boolean", nullable: false),
                    paused_by_id = table.Column<string>(type: "text", nullable: true),
                    paused_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resumed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resumed_by_id = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rater_pauses", x => x.id);
                    table.ForeignKey(
                        name: "fk_rater_pauses_asp_net_users_rater_id",
                        column: x => x.rater_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_rater_pauses_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_rater_pauses_project_id_rater_id",
                table: "rater_pauses",
                columns: new[] { "project_id", "rater_id" },
                unique: true,
                filter: "resumed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_rater_pauses_rater_id",
                table: "rater_pauses",
                column: "rater_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rater_pauses");

            migrationBuilder.DropColumn(
                name: "is_swap_repeat",
                table: "votes");

            migrationBuilder.DropColumn(
                name: "reliability_auto_pause_enabled",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "reliability_auto_pause_max_side_bias",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "reliability_auto_pause_max_too_fast_share",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "reliability_auto_pause_min_gold_accuracy",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "reliability_auto_pause_min_majority_agreement",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "reliability_auto_pause_min_votes",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "reliability_swap_repeat_rate",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "reliability_too_fast_seconds",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "is_swap_repeat",
                table: "assignment_leases");
        }
    }
}
