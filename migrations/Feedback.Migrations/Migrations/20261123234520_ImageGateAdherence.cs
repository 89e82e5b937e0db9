using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Feedback.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ImageGateAdherence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "gate_max_adherence_drop",
                table: "projects",
                type: "double precision",
                nullable: false,
                defaultValue: 0.02);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "gate_max_adherence_drop",
                table: "projects");
        }
    }
}
