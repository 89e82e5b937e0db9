using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Feedback.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ComparisonPasses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "comparison_passes");
        }
    }
}
