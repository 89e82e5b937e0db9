using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Feedback.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ComparisonModelUncertainty : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "model_uncertainty",
                table: "comparisons",
                type: "double precision",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "model_uncertainty",
                table: "comparisons");
        }
    }
}
